"""The committee's pages: meetings, naming documents and the public certificate check."""

from django.urls import path

from .views import decision_docs, documents, meetings, public

app_name = "committee"
urlpatterns = [
    path("", meetings.index, name="index"),
    path("campaign/<int:pk>/", meetings.campaign_detail, name="campaign"),
    path("campaign/<int:pk>/meeting/", meetings.meeting_create, name="meeting_create"),
    path("meeting/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meeting/<int:pk>/attendance/", meetings.attendance, name="attendance"),
    path("meeting/<int:pk>/vote/", meetings.vote, name="vote"),
    path("meeting/<int:pk>/minutes/", meetings.minutes, name="minutes"),
    path("meeting/<int:pk>/approve/", meetings.approve, name="approve"),
    path("meeting/<int:pk>/name/", meetings.name, name="name"),
    path("meeting/<int:pk>/papers.pdf", documents.papers, name="papers"),
    path("certificate/<int:pk>.pdf", documents.certificate, name="certificate"),
    path("decision/<int:pk>/honor-roll.pdf", documents.honor_roll, name="honor_roll"),
    path("decision/<int:pk>/plaques.xlsx", documents.plaques, name="plaques"),
    path(
        "decision/<int:pk>/decision.<str:fmt>",
        decision_docs.decision_document,
        name="decision_document",
    ),
    path(
        "decision/<int:pk>/certificates.pdf",
        decision_docs.all_certificates,
        name="all_certificates",
    ),
    path("verify/", public.verify_form, name="verify_form"),
    path("verify/<str:code>/", public.verify, name="verify"),
]
