"""The notification centre's pages (/notifications/)."""

from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("bell/", views.bell, name="bell"),
    path("<int:pk>/read/", views.read, name="read"),
    path("read-all/", views.read_all, name="read_all"),
    path("preferences/", views.preferences, name="preferences"),
    path("templates/", views.templates, name="templates"),
    path("templates/<str:kind>/", views.template_edit, name="template"),
    path("deliveries/", views.deliveries, name="deliveries"),
]
