"""The person picker's addresses (/people/)."""

from django.urls import path

from . import people_views

app_name = "people"
urlpatterns = [
    path("", people_views.search, name="search"),
    path("pick/", people_views.pick, name="pick"),
]
