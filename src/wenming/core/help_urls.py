from django.urls import path

from . import help as help_views

app_name = "help"
urlpatterns = [
    path("", help_views.help_index, name="index"),
    path("<slug:role>/", help_views.help_page, name="page"),
]
