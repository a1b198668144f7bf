"""The cities app's pages."""

from django.urls import URLPattern

app_name = "cities"
urlpatterns: list[URLPattern] = []
