"""Pages of creation work: 任务材料、签批与验收."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
