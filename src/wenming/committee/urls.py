from django.urls import path

from . import views, views_documents, views_public

app_name = "committee"
urlpatterns = [
    path("", views.index, name="index"),
    path("campaign/<int:pk>/", views.campaign_detail, name="campaign"),
    path("campaign/<int:pk>/meeting/", views.meeting_create, name="meeting_create"),
    path("meeting/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meeting/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("meeting/<int:pk>/vote/", views.vote, name="vote"),
    path("meeting/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("meeting/<int:pk>/approve/", views.approve, name="approve"),
    path("meeting/<int:pk>/name/", views.name, name="name"),
    path("certificate/<int:pk>.pdf", views_documents.certificate, name="certificate"),
    path("decision/<int:pk>/honor-roll.pdf", views_documents.honor_roll, name="honor_roll"),
    path("decision/<int:pk>/plaques.xlsx", views_documents.plaques, name="plaques"),
    path("verify/", views_public.verify_form, name="verify_form"),
    path("verify/<str:code>/", views_public.verify, name="verify"),
]
