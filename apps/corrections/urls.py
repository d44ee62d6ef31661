from django.urls import path

from apps.core.http import public_page

from . import views
from .feeds import CorrectionsFeed

app_name = "corrections"
urlpatterns = [
    path("", views.correction_list, name="list"),
    path("feed/", public_page(CorrectionsFeed()), name="feed"),
]
