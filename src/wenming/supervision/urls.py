"""Addresses of the supervision pages."""

from django.urls import path

from .views import groups, items, notices, reviews, self_assessment

app_name = "supervision"
urlpatterns = [
    path("", reviews.index, name="index"),
    path("reviews/new/", reviews.review_new, name="review_new"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review"),
    path("reviews/<int:pk>/roster/", reviews.roster, name="roster"),
    path("reviews/<int:pk>/roster/upload/", reviews.roster_upload, name="roster_upload"),
    path("reviews/<int:pk>/roster/template.xlsx", reviews.roster_template, name="roster_template"),
    path("reviews/<int:pk>/bulletin/new/", items.bulletin_new, name="bulletin_new"),
    path("reviews/<int:pk>/groups/", groups.groups, name="groups"),
    path("entries/<int:pk>/", reviews.entry_edit, name="entry"),
    path("entries/<int:pk>/visit/", groups.visit, name="visit"),
    path("items/new/", items.item_new, name="item_new"),
    path("items/<int:pk>/", items.item_detail, name="item"),
    path(
        "items/<int:pk>/<str:which>-notice.<str:fmt>", notices.notice_document, name="item_notice"
    ),
    path(
        "items/<int:pk>/<str:which>-notice/issue/",
        notices.notice_issue_view,
        name="item_notice_issue",
    ),
    path("bulletins/<int:pk>/", items.bulletin_detail, name="bulletin"),
    path("bulletins/<int:pk>/bulletin.docx", items.bulletin_docx, name="bulletin_docx"),
    path("bulletins/<int:pk>/bulletin.pdf", items.bulletin_pdf, name="bulletin_pdf"),
    path(
        "organizations/<int:org>/self-assessment/",
        self_assessment.self_assessment,
        name="self_assessment",
    ),
    path("self-assessments/", self_assessment.self_assessments, name="self_assessments"),
    path("organizations/<int:org>/titles/", items.titles, name="titles"),
]
