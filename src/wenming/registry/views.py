"""Registry pages: the organization list, an organization's page, editing, import, export."""

import secrets
import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.audit.selectors import history_for
from wenming.documents.xlsx import xlsx_response
from wenming.registry.scopes import contact_in_full, organizations_for, regions_for, scope_of

from . import services
from .exporting import export_rows
from .forms import ImportForm, OrganizationFilterForm, OrganizationForm
from .models import ImportJob, Region
from .selectors import organization_list, organization_timeline
from .tasks import run_import
from .workbook import write_workbook


@login_required
def organization_index(request: AuthenticatedRequest) -> HttpResponse:
    require_perm(request.user, "registry.export_organizations")
    regions = list(
        regions_for(request.user).filter(level__in=["city", "county"]).values_list("code", "name")
    )
    form = OrganizationFilterForm(request.GET or None, regions=regions)
    filters = form.cleaned_data if form.is_valid() else {}
    region_path = ""
    if filters.get("region"):
        region_path = Region.objects.get(code=filters["region"]).path
    qs = organization_list(
        request.user, q=filters.get("q", ""), kind=filters.get("kind", ""), region_path=region_path
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "can_import": request.user.has_perm("registry.import_organizations"),
        "query": request.GET.urlencode(),
    }
    template = "registry/organization_list.html"
    if request.htmx and request.htmx.target == "organization-table":
        template += "#organization-table"
    return render(request, template, context)


@login_required
def organization_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(
        organizations_for(request.user).select_related("region", "body"), pk=pk
    )
    can_history = request.user.has_perm("registry.view_organization_history", organization)
    can_edit = request.user.has_perm("registry.change_organization", organization)
    context = {
        "organization": organization,
        "timeline": organization_timeline(organization),
        "can_edit": can_edit,
        "history": history_for(organization) if can_history else None,
        # The contact's phone in full for the offices that keep the record and for the
        # organization's own contact; masked for everyone else who may read the page.
        "contact_in_full": contact_in_full(
            scope_of(request.user), organization.pk, organization.region.path
        ),
    }
    return render(request, "registry/organization_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    organization = None
    if pk is not None:
        organization = get_object_or_404(organizations_for(request.user), pk=pk)
        require_perm(request.user, "registry.change_organization", organization)
    else:
        require_perm(request.user, "registry.add_organization")
    form = OrganizationForm(request.POST or None, instance=organization, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in form.Meta.fields}
        try:
            if organization is None:
                organization = services.organization_create(acting_user=request.user, **data)
            else:
                organization = services.organization_update(
                    acting_user=request.user, organization=organization, **data
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("registry:organization", pk=organization.pk)
    return render(
        request, "registry/organization_form.html", {"form": form, "organization": organization}
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: AuthenticatedRequest) -> HttpResponse:
    require_perm(request.user, "registry.import_organizations")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = ImportJob(original_name=upload.name[:255], created_by=request.user)
        # A random storage key: never the uploader's file name.
        job.file.save(f"{secrets.token_hex(16)}.xlsx", upload, save=False)
        job.save()
        transaction.on_commit(lambda: run_import.enqueue(job.pk))
        messages.success(request, _("文件已上传，正在后台导入；本页会显示进度，完成后列出结果。"))
        return redirect("registry:import_status", pk=job.pk)
    jobs = ImportJob.objects.filter(created_by=request.user)[:10]
    return render(request, "registry/import_upload.html", {"form": form, "jobs": jobs})


@login_required
def import_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=pk, created_by=request.user)
    template = "registry/import_status.html"
    if request.htmx:
        template += "#job-status"
    return render(request, template, {"job": job})


@login_required
def import_template(request: AuthenticatedRequest) -> HttpResponseBase:
    require_perm(request.user, "registry.import_organizations")
    regions = list(regions_for(request.user).values_list("code", "name"))
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes (and so deletes) it
    write_workbook(handle, iter(()), iter(()), regions=regions)
    return xlsx_response(handle, _("组织名录导入模板.xlsx"))


@login_required
def organization_export(request: AuthenticatedRequest) -> HttpResponseBase:
    require_perm(request.user, "registry.export_organizations")
    organizations, titles = export_rows(request.user)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes (and so deletes) it
    write_workbook(handle, organizations, titles)
    return xlsx_response(handle, _("组织名录.xlsx"))
