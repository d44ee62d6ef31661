from django.urls import path

from . import views
from .api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("entries/<str:kind>/<int:object_id>/", views.entry_permalink, name="entry_permalink"),
]
