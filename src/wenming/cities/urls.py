"""The cities app's pages (文明城市), mounted at /cities/."""

from django.urls import URLPattern, path

from . import views

app_name = "cities"
urlpatterns: list[URLPattern] = [
    path("<int:pk>/", views.ranking, name="ranking"),
    path("<int:pk>/settings/", views.settings_page, name="settings"),
    path("<int:pk>/survey/", views.survey_page, name="survey"),
    path("<int:pk>/survey/template.xlsx", views.survey_template, name="survey_template"),
    path("county/<int:pk>/", views.county, name="county"),
    path("county/<int:pk>/review/", views.county_review, name="county_review"),
    path("county/<int:pk>/questionnaire/", views.county_questionnaire, name="county_questionnaire"),
]
