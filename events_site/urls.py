from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("North Korean troops in Russia — editorial desk")
admin.site.site_title = _("Editorial desk")
admin.site.index_title = _("Entries, proposed changes and history")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("apps.events.urls")),
]
