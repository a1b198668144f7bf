"""Addresses of the supervision pages."""

from django.urls import path

from . import views, views_groups, views_items, views_self

app_name = "supervision"
urlpatterns = [
    path("", views.index, name="index"),
    path("reviews/new/", views.review_new, name="review_new"),
    path("reviews/<int:pk>/", views.review_detail, name="review"),
    path("reviews/<int:pk>/roster/", views.roster, name="roster"),
    path("reviews/<int:pk>/roster/upload/", views.roster_upload, name="roster_upload"),
    path("reviews/<int:pk>/roster/template.xlsx", views.roster_template, name="roster_template"),
    path("reviews/<int:pk>/bulletin/new/", views_items.bulletin_new, name="bulletin_new"),
    path("reviews/<int:pk>/groups/", views_groups.groups, name="groups"),
    path("entries/<int:pk>/", views.entry_edit, name="entry"),
    path("entries/<int:pk>/visit/", views_groups.visit, name="visit"),
    path("items/new/", views_items.item_new, name="item_new"),
    path("items/<int:pk>/", views_items.item_detail, name="item"),
    path("bulletins/<int:pk>/", views_items.bulletin_detail, name="bulletin"),
    path("bulletins/<int:pk>/bulletin.docx", views_items.bulletin_docx, name="bulletin_docx"),
    path("bulletins/<int:pk>/bulletin.pdf", views_items.bulletin_pdf, name="bulletin_pdf"),
    path(
        "organizations/<int:org>/self-assessment/",
        views_self.self_assessment,
        name="self_assessment",
    ),
    path("self-assessments/", views_self.self_assessments, name="self_assessments"),
    path("organizations/<int:org>/titles/", views_items.titles, name="titles"),
]
