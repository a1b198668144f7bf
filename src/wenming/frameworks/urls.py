"""Addresses of the framework pages."""

from django.urls import path

from . import editor_views, views

app_name = "frameworks"

#: The editor (editor_views): a draft's parts, by section and place. Listed before the
#: status actions below, whose ``<pk>/<action>/`` would otherwise take ``<pk>/edit/``.
editor_patterns = [
    path("new/", editor_views.editor_new, name="editor_new"),
    path(
        "new/checklist/",
        editor_views.editor_new,
        {"kind": "checklist"},
        name="editor_new_checklist",
    ),
    path("<int:pk>/edit/", editor_views.editor, name="editor"),
    path("<int:pk>/edit/header/", editor_views.editor_header, name="editor_header"),
    path("<int:pk>/edit/revise/", editor_views.editor_revise, name="editor_revise"),
    path(
        "<int:pk>/edit/items/<int:item>/<str:section>/add/",
        editor_views.editor_part,
        name="editor_add_in",
    ),
    path(
        "<int:pk>/edit/items/<int:item>/<str:section>/<int:index>/",
        editor_views.editor_part,
        name="editor_part_in",
    ),
    path(
        "<int:pk>/edit/items/<int:item>/<str:section>/<int:index>/remove/",
        editor_views.editor_remove,
        name="editor_remove_in",
    ),
    path("<int:pk>/edit/<str:section>/add/", editor_views.editor_part, name="editor_add"),
    path("<int:pk>/edit/<str:section>/<int:index>/", editor_views.editor_part, name="editor_part"),
    path(
        "<int:pk>/edit/<str:section>/<int:index>/remove/",
        editor_views.editor_remove,
        name="editor_remove",
    ),
]

urlpatterns = [
    path("", views.framework_index, name="index"),
    path("import/", views.framework_import, name="import"),
    path("<int:pk>/", views.framework_detail, name="detail"),
    path("<int:pk>/pdf/", views.framework_pdf, name="pdf"),
    path("<int:pk>/diff/", views.framework_compare, name="diff"),
    path("<int:pk>/export.<str:fmt>", views.framework_export, name="export"),
    *editor_patterns,
    path("<int:pk>/<str:action>/", views.framework_action, name="action"),
]
