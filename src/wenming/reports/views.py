"""Pages of 随手拍: the public report and tracking pages (no login, phone first), and the
office's map and list, a group of reports and its routing, the points register and the
imports (points, region outlines, 12345 tickets)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.documents.downloads import verified_download
from wenming.registry.models import Region
from wenming.throttle import client_address, over_limit_for

from . import selectors, services, workbooks
from .forms import PointForm, ReportForm, RouteForm, TrackForm, UploadForm
from .models import Category, InspectionPoint, Report

#: Reports from one address per hour, and lookups of a code (against guessing).
REPORT_LIMIT, TRACK_LIMIT, WINDOW = 10, 30, 3600
#: The office's list, a page at a time; the map draws the most recent open groups.
PAGE_SIZE, MAP_LIMIT = 50, 500
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _public_office(code: str) -> Region:
    return get_object_or_404(Region, code=code)


@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest, code: str) -> HttpResponse:
    """Public: report a problem with a photo, at a point or at the browser's position."""
    office = _public_office(code)
    points = InspectionPoint.objects.filter(office=office, active=True).order_by("name")
    form = ReportForm(request.POST or None, request.FILES or None, points=points)
    status = 200
    if request.method == "POST":
        address = client_address(request.META)
        if over_limit_for("report", address, limit=REPORT_LIMIT, window=WINDOW):
            form.add_error(None, _("提交次数过多，请一小时后再试，或拨打12345市民热线。"))
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                report = services.report_file(
                    acting_user=request.user,
                    office=office,
                    category=data["category"],
                    description=data["description"],
                    photo=services.photo_check(data["photo"]),
                    point=data["point"],
                    lng=data["lng"],
                    lat=data["lat"],
                    contact=data["contact"],
                    source_ip=address or None,
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                return render(request, "reports/public_done.html", {"report": report})
        else:
            status = 400
    context = {"office": office, "form": form}
    return render(request, "reports/public_form.html", context, status=status)


def track(request: HttpRequest) -> HttpResponse:
    """Public: the status and the answer of a report, by its tracking code."""
    form = TrackForm(request.GET or None)
    report: Report | None = None
    status = 200
    if form.is_bound and form.is_valid():
        address = client_address(request.META)
        if over_limit_for("report-track", address, limit=TRACK_LIMIT, window=WINDOW):
            form.add_error(None, _("查询次数过多，请一小时后再试。"))
            status = 429
        else:
            report = selectors.report_by_code(form.cleaned_data["code"])
            if report is None:
                form.add_error("code", _("没有找到这个查询码，请核对后重新输入。"))
                status = 404
    context: dict[str, Any] = {"form": form, "report": report}
    if report is not None:
        context["status"] = selectors.status_of(report.group)
        context["status_label"] = selectors.STATUS_LABELS[context["status"]]
        context["item"] = report.group.item
    return render(request, "reports/track.html", context, status=status)


# ---- the office ----------------------------------------------------------------------------


@login_required
def index(request: AuthenticatedRequest) -> HttpResponse:
    """The office's map of points and open reports, with the list beside it (paged)."""
    require_perm(request.user, "reports.view_index")
    point_id = request.GET.get("point", "")
    groups = selectors.groups_filtered(
        request.user,
        status=request.GET.get("status", ""),
        category=request.GET.get("category", ""),
        point=int(point_id) if point_id.isdigit() else None,
    )
    page = Paginator(groups, PAGE_SIZE).get_page(request.GET.get("page"))
    open_groups = list(selectors.open_only(groups)[: MAP_LIMIT + 1])
    points = list(selectors.points_visible_to(request.user).filter(active=True))
    urls = {g.pk: reverse("reports:group", args=[g.pk]) for g in open_groups[:MAP_LIMIT]}
    rows = [(g, selectors.STATUS_LABELS[selectors.status_of(g)]) for g in page]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "map": selectors.office_map(request.user, points, open_groups[:MAP_LIMIT], urls),
        "map_cut": len(open_groups) > MAP_LIMIT,
        "map_limit": MAP_LIMIT,
        "rows": rows,
        "page": page,
        "query": query.urlencode(),
        "points": points,
        "offices": list(selectors.offices_of(request.user)),
        "statuses": list(selectors.STATUS_LABELS.items()),
        "categories": Category.choices,
        "chosen": request.GET,
    }
    return render(request, "reports/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def group(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One problem's reports, their photos, and routing it to the responsible unit."""
    found = get_object_or_404(selectors.groups_visible_to(request.user), pk=pk)
    require_perm(request.user, "reports.view_group", found)
    organizations = selectors.units_for(request.user)
    initial = {"organization": found.point.organization_id} if found.point else {}
    form = RouteForm(request.POST or None, organizations=organizations, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_route(acting_user=request.user, group=found, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已转为督办事项，责任单位可在“动态管理”中反馈。"))
            return redirect("reports:group", pk=found.pk)
    context = {
        "group": found,
        "reports": list(found.reports.select_related("point").order_by("created_at", "id")),
        "form": form,
        "status_label": selectors.STATUS_LABELS[selectors.status_of(found)],
    }
    return render(request, "reports/group.html", context)


@login_required
def photo(request: AuthenticatedRequest, pk: int) -> HttpResponse | FileResponse:
    report = get_object_or_404(Report.objects.select_related("office"), pk=pk)
    require_perm(request.user, "reports.view_report", report)
    if not report.photo:
        raise PermissionDenied(_("该反映没有照片。"))
    return verified_download(
        report.photo,
        report.photo_sha256,
        filename=f"{report.tracking_code}.jpg",
        content_type="image/jpeg",
        tampered=_("照片校验失败，文件可能已被篡改。"),
    )


def _office_from(request: AuthenticatedRequest) -> Region:
    offices = list(selectors.offices_of(request.user))
    chosen = request.POST.get("office") or request.GET.get("office")
    office = next((o for o in offices if str(o.pk) == chosen), offices[0] if offices else None)
    if office is None:
        raise PermissionDenied(_("您没有权限执行此操作。"))
    require_perm(request.user, "reports.run_office", office)
    return office


@login_required
def points(request: AuthenticatedRequest) -> HttpResponse:
    require_perm(request.user, "reports.view_index")
    rows = selectors.points_visible_to(request.user).order_by("office__path", "name")
    return render(request, "reports/points.html", {"points": rows})


@login_required
@require_http_methods(["GET", "POST"])
def point_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    point = get_object_or_404(InspectionPoint, pk=pk) if pk else None
    if point is not None:
        require_perm(request.user, "reports.change_point", point)
    office = point.office if point else _office_from(request)
    form = PointForm(
        request.POST or None, instance=point, organizations=selectors.units_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in PointForm.Meta.fields}
        try:
            services.point_save(acting_user=request.user, office=office, point=point, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("点位已保存。"))
            return redirect("reports:points")
    context = {"form": form, "point": point, "office": office}
    return render(request, "reports/point_form.html", context)


def _import(
    request: AuthenticatedRequest, run: Any, done: str, heading: str, template: str
) -> HttpResponse:
    office = _office_from(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            message = done % {"n": run(office, form.cleaned_data["file"])}
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, message)
            return redirect("reports:index")
    context = {"form": form, "errors": errors, "heading": heading, "template": template,
               "office": office, "offices": list(selectors.offices_of(request.user))}  # fmt: skip
    return render(request, "reports/import.html", context, status=400 if errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def points_import(request: AuthenticatedRequest) -> HttpResponse:
    def run(office: Region, upload: Any) -> int:
        return services.points_import(acting_user=request.user, office=office, source=upload)

    return _import(
        request, run, _("已导入%(n)s个点位。"), _("导入点位"), reverse("reports:points_template")
    )


@login_required
@require_http_methods(["GET", "POST"])
def hotline_import(request: AuthenticatedRequest) -> HttpResponse:
    def run(office: Region, upload: Any) -> str:
        result = services.hotline_import(acting_user=request.user, office=office, source=upload)
        if result.skipped:
            return _("%(n)s件，另有%(s)s件此前已导入，已跳过") % {
                "n": result.created,
                "s": len(result.skipped),
            }
        return str(result.created)

    return _import(
        request,
        run,
        _("已导入12345工单%(n)s。"),
        _("导入12345热线工单"),
        reverse("reports:hotline_template"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def outlines_import(request: AuthenticatedRequest) -> HttpResponse:
    def run(office: Region, upload: Any) -> int:
        data = upload.read(workbooks.MAX_GEOJSON_BYTES + 1)
        return services.outlines_import(acting_user=request.user, office=office, data=data)

    return _import(request, run, _("已导入%(n)s个地区的轮廓。"), _("导入区划轮廓"), "")


@login_required
def points_template(request: AuthenticatedRequest) -> HttpResponse:
    require_perm(request.user, "reports.view_index")
    response = HttpResponse(workbooks.points_template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="points-template.xlsx"'
    return response


@login_required
def hotline_template(request: AuthenticatedRequest) -> HttpResponse:
    require_perm(request.user, "reports.view_index")
    response = HttpResponse(workbooks.hotline_template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="12345-template.xlsx"'
    return response
