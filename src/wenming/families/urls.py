"""The families app's pages: the central review of a campaign's families."""

from django.urls import path

from . import views

app_name = "families"
urlpatterns = [
    path("campaigns/<int:pk>/", views.review_list, name="review_list"),
    path("applications/<int:pk>/", views.review, name="review"),
]
