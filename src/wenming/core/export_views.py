"""List exports: small ones streamed at once, large ones through the task worker."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render

from wenming.accounts.permissions import AuthenticatedRequest
from wenming.documents.xlsx import xlsx_download, xlsx_response

from .exports import build_export
from .models import ExportJob, ExportStatus
from .services import export_job_create


@login_required
def export(request: AuthenticatedRequest, kind: str) -> HttpResponseBase:
    """The list as its page filters it; above EXPORT_BACKGROUND_ROWS rows, a job."""
    query = request.GET.urlencode()
    listed = build_export(kind, request.user, query)
    if listed.count > settings.EXPORT_BACKGROUND_ROWS:
        job = export_job_create(
            acting_user=request.user,
            kind=kind,
            query=query,
            filename=listed.filename,
            total_rows=listed.count,
        )
        return redirect("exports:job", pk=job.pk)
    return xlsx_download(listed.sheets, listed.filename)


@login_required
def job_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    # Only its creator sees (and downloads) an export: anyone else gets 404.
    job = get_object_or_404(ExportJob, pk=pk, created_by=request.user)
    template = "core/export_job.html"
    if request.htmx:
        template += "#job-status"
    return render(request, template, {"job": job})


@login_required
def job_download(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    job = get_object_or_404(ExportJob, pk=pk, created_by=request.user, status=ExportStatus.DONE)
    return xlsx_response(job.file.open("rb"), job.filename)
