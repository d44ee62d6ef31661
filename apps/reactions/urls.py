from django.urls import path

from . import views

app_name = "reactions"
urlpatterns = [path("", views.reaction_list, name="list")]
