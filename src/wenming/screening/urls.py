"""Screening's pages: the office's rounds, a department's answers, the stored documents."""

from django.urls import path

from . import views

app_name = "screening"
urlpatterns = [
    path("", views.index, name="index"),
    path("campaign/<int:campaign_id>/send/", views.send, name="send"),
    path("round/<int:pk>/", views.round_detail, name="round"),
    path("request/<int:pk>/", views.answer, name="answer"),
    path("request/<int:pk>/paper/", views.paper_reply, name="paper_reply"),
    path("answer/<int:pk>/document/", views.document, name="document"),
    path("letter/<int:pk>/document/", views.letter_document, name="letter_document"),
]
