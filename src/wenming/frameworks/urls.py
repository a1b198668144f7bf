"""Addresses of the framework pages."""

from django.urls import path

from . import views

app_name = "frameworks"
urlpatterns = [
    path("", views.framework_index, name="index"),
    path("import/", views.framework_import, name="import"),
    path("<int:pk>/", views.framework_detail, name="detail"),
    path("<int:pk>/pdf/", views.framework_pdf, name="pdf"),
    path("<int:pk>/diff/", views.framework_compare, name="diff"),
    path("<int:pk>/export.<str:fmt>", views.framework_export, name="export"),
    path("<int:pk>/<str:action>/", views.framework_action, name="action"),
]
