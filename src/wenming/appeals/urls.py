"""Appeals' pages: the applicant's result and appeal, the office's list and answers."""

from django.urls import path

from . import views

app_name = "appeals"
urlpatterns = [
    path("", views.index, name="index"),
    path("applications/<int:pk>/", views.result, name="result"),
    path("campaign/<int:pk>/", views.campaign, name="campaign"),
    path("<int:pk>/", views.appeal, name="appeal"),
    path("files/<int:pk>/", views.evidence, name="evidence"),
]
