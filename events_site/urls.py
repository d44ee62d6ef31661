from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from apps.core.http import public_page
from apps.moderation.feeds import PublishedChangesFeed

admin.site.site_header = _("North Korean troops in Russia — editorial desk")
admin.site.site_title = _("Editorial desk")
admin.site.index_title = _("Entries, proposed changes and history")

urlpatterns = [
    # Browsers ask for /favicon.ico on every page, the admin's included.
    path("favicon.ico", lambda request: redirect(static("favicon.svg"), permanent=True)),
    path("admin/", admin.site.urls),
    # Choosing a language changes nothing but a cookie; exempting it keeps public pages
    # free of per-visitor CSRF tokens, and so cacheable.
    path("language/", csrf_exempt(set_language), name="set_language"),
    path("feed/", public_page(PublishedChangesFeed()), name="feed"),
    path("article/", include("apps.article.urls")),
    path("reactions/", include("apps.reactions.urls")),
    path("weapons/", include("apps.weapons.urls")),
    path("sources/", include("apps.sources.urls")),
    path("corrections/", include("apps.corrections.urls")),
    path("search/", include("apps.search.urls")),
    path("", include("apps.api.urls")),
    path("", include("apps.events.urls")),
]

handler400 = "apps.core.views.bad_request"
handler404 = "apps.core.views.not_found"
