from django.urls import path

from . import exports, views

app_name = "events"

urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("events/<slug:slug>/", views.detail, name="detail"),
    path("export/timeline.json", exports.timeline_json, name="export_json"),
    path("export/timeline.csv", exports.timeline_csv, name="export_csv"),
    path("export/timelinejs.json", exports.timeline_timelinejs, name="export_timelinejs"),
]
