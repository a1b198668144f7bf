"""Pages of the information reports: the list (the office's, or a unit's own), submitting,
one report with the office's decision, the figures per unit and period, and the 通报."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.registry.issuing import may_issue

from .. import files, selectors, services
from ..documents import bulletin_download
from ..forms import BulletinForm, DecideForm, PeriodForm, ReportForm
from ..messages import period_words
from ..models import InfoBulletin, InfoReport, ReportKind
from ..scopes import bulletins_for, member_units_for, reports_for
from .common import office_from, run, show_errors, upload_of

STATUS_FILTERS = {
    "pending": {"adopted__isnull": True},
    "adopted": {"adopted": True},
    "not_adopted": {"adopted": False},
}


@login_required
def reports(request: AuthenticatedRequest) -> HttpResponse:
    require_perm(request.user, "workrules.view_index")
    listed = reports_for(request.user).select_related("body", "submitted_by", "liaison")
    status = request.GET.get("status", "")
    if status in STATUS_FILTERS:
        listed = listed.filter(**STATUS_FILTERS[status])
    kind = request.GET.get("kind", "")
    if kind in ReportKind.values:
        listed = listed.filter(kind=kind)
    context = {
        "reports": listed.order_by("-submitted_on", "-id")[:300],
        "status": status,
        "kind": kind,
        "kinds": ReportKind.choices,
        "can_submit": member_units_for(request.user).exists(),
    }
    return render(request, "workrules/reports.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report_new(request: AuthenticatedRequest) -> HttpResponse:
    units = member_units_for(request.user).order_by("name")
    if not units.exists():
        raise PermissionDenied(_("您没有权限执行此操作。"))
    form = ReportForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        require_perm(request.user, "workrules.submit_report", data["body"])
        done: list[InfoReport] = []
        ok = run(
            request,
            lambda: done.append(
                services.report_submit(
                    acting_user=request.user,
                    body=data["body"],
                    kind=data["kind"],
                    title=data["title"],
                    content=data["content"],
                    upload=upload_of(data["file"]),
                )
            ),
            _("已报送信息。"),
        )
        if ok:
            return redirect("workrules:report", pk=done[0].pk)
    elif request.method == "POST":
        show_errors(request, form)
    return render(request, "workrules/report_form.html", {"form": form})


@login_required
def report_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        reports_for(request.user).select_related("body__region", "submitted_by", "liaison"), pk=pk
    )
    require_perm(request.user, "workrules.view_report", report)
    initial = {
        "adopted": "1" if report.adopted else "0" if report.adopted is False else None,
        "in_briefing": report.in_briefing,
        "reported_up": report.reported_up,
        "note": report.decision_note,
    }
    context = {
        "report": report,
        "decides": request.user.has_perm("workrules.decide_report", report),
        "form": DecideForm(initial=initial),
    }
    return render(request, "workrules/report.html", context)


@login_required
@require_POST
def report_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(InfoReport.objects.select_related("body__region"), pk=pk)
    require_perm(request.user, "workrules.decide_report", report)
    form = DecideForm(request.POST)
    if not form.is_valid():
        show_errors(request, form)
    else:
        data = form.cleaned_data
        run(
            request,
            lambda: services.report_decide(
                acting_user=request.user,
                report=report,
                adopted=data["adopted"],
                in_briefing=data["in_briefing"],
                reported_up=data["reported_up"],
                note=data["note"],
            ),
            _("已保存处理结果。"),
        )
    return redirect("workrules:report", pk=report.pk)


@login_required
def report_file(request: AuthenticatedRequest, pk: int) -> HttpResponse | FileResponse:
    report = get_object_or_404(
        InfoReport.objects.select_related("body__region").exclude(file=""), pk=pk
    )
    require_perm(request.user, "workrules.view_report", report)
    return files.download(report)


@login_required
@require_http_methods(["GET", "POST"])
def figures(request: AuthenticatedRequest) -> HttpResponse:
    require_perm(request.user, "workrules.view_index")
    period = PeriodForm(request.GET or {"year": timezone.localdate().year})
    year, quarter = period.period()
    office = office_from(request)
    manages = office is not None and request.user.has_perm("workrules.run_office", office)
    form = BulletinForm(request.POST or None, initial={"issued_on": timezone.localdate()})
    if request.method == "POST":
        if office is None or not manages:
            raise PermissionDenied(_("您没有权限执行此操作。"))
        if form.is_valid():
            made: list[InfoBulletin] = []
            if run(
                request,
                lambda: made.append(
                    services.bulletin_create(
                        acting_user=request.user,
                        office=office,
                        year=year,
                        quarter=quarter,
                        **form.cleaned_data,
                    )
                ),
                _("已拟制通报。"),
            ):
                return redirect("workrules:bulletin", pk=made[0].pk)
        else:
            show_errors(request, form)
    units = selectors.units_of(office) if manages and office else member_units_for(request.user)
    context = {
        "period": period,
        "period_words": period_words(year, quarter),
        "table": selectors.figures_for(units, year, quarter),
        "manages": manages,
        "form": form,
        "bulletins": bulletins_for(request.user).order_by("-year", "-quarter", "-id")[:50],
    }
    return render(request, "workrules/figures.html", context)


@login_required
def bulletin_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bulletin = get_object_or_404(bulletins_for(request.user), pk=pk)
    require_perm(request.user, "workrules.view_bulletin", bulletin)
    context = {
        "bulletin": bulletin,
        "manages": request.user.has_perm("workrules.manage_bulletin", bulletin),
        "may_issue": may_issue(request.user, bulletin.office),
    }
    return render(request, "workrules/bulletin.html", context)


@login_required
@require_POST
def bulletin_number(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bulletin = get_object_or_404(InfoBulletin.objects.select_related("office"), pk=pk)
    require_perm(request.user, "workrules.manage_bulletin", bulletin)
    run(
        request,
        lambda: services.bulletin_number(acting_user=request.user, bulletin=bulletin),
        _("已取号。"),
    )
    return redirect("workrules:bulletin", pk=bulletin.pk)


@login_required
def bulletin_file(request: AuthenticatedRequest, pk: int, fmt: str) -> HttpResponse:
    bulletin = get_object_or_404(bulletins_for(request.user), pk=pk)
    require_perm(request.user, "workrules.view_bulletin", bulletin)
    return bulletin_download(bulletin, fmt)
