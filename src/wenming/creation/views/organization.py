"""Pages of creation work: 人员、部门、方案与领导小组."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
