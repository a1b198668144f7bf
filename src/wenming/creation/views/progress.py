"""Pages of creation work: 进度、提醒与首页."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
