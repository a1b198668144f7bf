from django.urls import path

from . import letterhead_views, views

app_name = "registry"
urlpatterns = [
    path("", views.organization_index, name="organizations"),
    path("new/", views.organization_edit, name="organization_new"),
    path("<int:pk>/", views.organization_detail, name="organization"),
    path("<int:pk>/edit/", views.organization_edit, name="organization_edit"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_status, name="import_status"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("export.xlsx", views.organization_export, name="export"),
    path("letterhead/", letterhead_views.letterhead_index, name="letterheads"),
    path("letterhead/<int:pk>/", letterhead_views.letterhead_edit, name="letterhead"),
]
