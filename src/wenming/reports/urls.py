"""Pages of 随手拍: the public report and tracking pages, the office's map and registers."""

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/<str:code>/", views.report_new, name="new"),
    path("track/", views.track, name="track"),
    path("groups/<int:pk>/", views.group, name="group"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("points/", views.points, name="points"),
    path("points/new/", views.point_edit, name="point_new"),
    path("points/<int:pk>/", views.point_edit, name="point"),
    path("points/import/", views.points_import, name="points_import"),
    path("points/template.xlsx", views.points_template, name="points_template"),
    path("hotline/", views.hotline_import, name="hotline_import"),
    path("hotline/template.xlsx", views.hotline_template, name="hotline_template"),
    path("outlines/", views.outlines_import, name="outlines_import"),
]
