"""Pages of creation work: 实施方案与自查报告."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
