"""Pages of creation work: 责任分工与任务."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
