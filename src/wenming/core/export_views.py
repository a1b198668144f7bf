"""List exports and long documents: small lists streamed at once; large lists and long
documents written by the task worker. A GET never queues anything: it shows a page with a
生成 button, whose POST queues the job (or returns the same user's identical job still
pending or running), so a refresh never queues a second one."""

import mimetypes

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from wenming.accounts.permissions import AuthenticatedRequest
from wenming.documents.downloads import content_disposition
from wenming.documents.xlsx import xlsx_download

from .exports import build_document, build_export
from .models import ExportJob, ExportStatus
from .services import export_job_create


def _start_page(
    request: AuthenticatedRequest, filename: str, count: int, query: str, document: bool
) -> HttpResponse:
    return render(
        request,
        "core/export_start.html",
        {"filename": filename, "count": count, "query": query, "document": document},
    )


@login_required
@require_http_methods(["GET", "POST"])
def export(request: AuthenticatedRequest, kind: str) -> HttpResponseBase:
    """The list as its page filters it; above EXPORT_BACKGROUND_ROWS rows, a job."""
    if request.method == "POST":
        query = request.POST.get("query", "")
        listed = build_export(kind, request.user, query)
        job = export_job_create(
            acting_user=request.user,
            kind=kind,
            query=query,
            filename=listed.filename,
            total_rows=listed.count,
        )
        return redirect("exports:job", pk=job.pk)
    query = request.GET.urlencode()
    listed = build_export(kind, request.user, query)
    if listed.count > settings.EXPORT_BACKGROUND_ROWS:
        return _start_page(request, listed.filename, listed.count, query, document=False)
    return xlsx_download(listed.sheets, listed.filename)


@login_required
@require_http_methods(["GET", "POST"])
def document(request: AuthenticatedRequest, kind: str) -> HttpResponseBase:
    """A long document (打印全部证书): always written by the task worker."""
    if request.method == "POST":
        params = QueryDict(request.POST.get("query", ""), mutable=True)
        # The worker has no request: the address printed on it is this host's, unless the
        # site's public address is configured.
        params.pop("site", None)
        if not settings.SITE_URL:
            params["site"] = request.build_absolute_uri("/")
        query = params.urlencode()
        doc = build_document(kind, request.user, query)
        job = export_job_create(
            acting_user=request.user,
            kind=kind,
            query=query,
            filename=doc.filename,
            total_rows=doc.count,
        )
        return redirect("exports:job", pk=job.pk)
    query = request.GET.urlencode()
    doc = build_document(kind, request.user, query)
    return _start_page(request, doc.filename, doc.count, query, document=True)


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
    content_type = mimetypes.guess_type(job.filename)[0] or "application/octet-stream"
    response = FileResponse(job.file.open("rb"), as_attachment=True, content_type=content_type)
    response["Content-Disposition"] = content_disposition(job.filename)
    return response
