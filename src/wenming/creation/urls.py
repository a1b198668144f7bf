"""Addresses of creation work (/creation/): each part's pages, gathered here."""

from .views import documents, material, organization, progress, task_lists, tasks

app_name = "creation"

urlpatterns = [
    *progress.urlpatterns,
    *organization.urlpatterns,
    *tasks.urlpatterns,
    *task_lists.urlpatterns,
    *material.urlpatterns,
    *documents.urlpatterns,
]
