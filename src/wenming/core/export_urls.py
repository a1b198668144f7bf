from django.urls import path

from . import export_views

app_name = "exports"
urlpatterns = [
    path("<slug:kind>.xlsx", export_views.export, name="export"),
    path("documents/<slug:kind>/", export_views.document, name="document"),
    path("jobs/<int:pk>/", export_views.job_status, name="job"),
    path("jobs/<int:pk>/download/", export_views.job_download, name="download"),
]
