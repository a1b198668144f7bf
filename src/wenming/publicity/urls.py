"""Publicity's pages: the public lists and objection form, the office's handling."""

from django.urls import path

from . import document_views, views

app_name = "publicity"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/objection/", views.objection_new, name="object"),
    path("campaign/<int:campaign_id>/", views.manage, name="manage"),
    path("<int:pk>/notice.<str:fmt>", document_views.notice_document, name="notice"),
    path("<int:pk>/notice/issue/", document_views.notice_issue, name="notice_issue"),
    path("objections/<int:pk>/", views.objection_detail, name="objection"),
    path("holidays/", views.holidays, name="holidays"),
]
