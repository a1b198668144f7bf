"""Pages of creation work: 文明办的任务清单."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
