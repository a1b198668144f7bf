"""Self-assessments (自测自评): the contact's page to report and see its own, and the
office's list of which titled units reported in a half-year and which are missing."""

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wenming.accounts.models import User
from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.domain.frameworks import Framework
from wenming.domain.review import self_assessment_due, self_assessment_period
from wenming.domain.titles import TitleStatus
from wenming.registry.models import Organization, Title
from wenming.registry.scopes import organizations_for, scope_of

from .. import services
from ..models import SelfAssessment
from ..selectors import breakdown, self_assessment_overview, unit_framework

#: How many half-years the office's list offers to look back on.
PERIODS_SHOWN = 6


def half_label(year: int, half: int) -> str:
    text = _("%(year)d年上半年") if half == 1 else _("%(year)d年下半年")
    return text % {"year": year}


def self_assessment_status(user: User) -> list[dict[str, Any]]:
    """For each of the contact's titled organizations: this half's due date and report."""
    year, half = self_assessment_period(timezone.localdate())
    ids = scope_of(user).organization_ids
    if not ids:
        return []
    titled = Title.objects.filter(status=TitleStatus.ACTIVE).values("organization_id")
    reports = {
        r.organization_id: r
        for r in SelfAssessment.objects.filter(organization_id__in=ids, year=year, half=half)
    }
    return [
        {
            "organization": o,
            "due_on": self_assessment_due(year, half),
            "report": reports.get(o.pk),
        }
        for o in Organization.objects.filter(pk__in=ids).filter(pk__in=titled)
    ]


def _score_form(domain: Framework, data: QueryDict | None) -> forms.Form:
    form = forms.Form(data)
    for item in domain.items:
        form.fields[f"item_{item.number}"] = forms.DecimalField(
            label=f"{item.number}. {item.name}（{item.points}）",
            min_value=0,
            max_value=item.points,
        )
    form.fields["summary"] = forms.CharField(
        label=_("自评说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    return form


@login_required
@require_http_methods(["GET", "POST"])
def self_assessment(request: AuthenticatedRequest, org: int) -> HttpResponse:
    """The contact reports this half's self-assessment once, then sees it and earlier ones."""
    organization = get_object_or_404(Organization, pk=org)
    require_perm(request.user, "supervision.self_assess", organization)
    year, half = self_assessment_period(timezone.localdate())
    due_on = self_assessment_due(year, half)
    reports = list(
        SelfAssessment.objects.filter(organization=organization).select_related("framework")
    )
    current = next((r for r in reports if (r.year, r.half) == (year, half)), None)
    framework = unit_framework(organization)
    form = None
    if current is None and framework is not None:
        form = _score_form(framework.to_framework(), request.POST or None)
        if request.method == "POST" and form.is_valid():
            scores = {
                int(k.removeprefix("item_")): Decimal(v)
                for k, v in form.cleaned_data.items()
                if k.startswith("item_")
            }
            try:
                services.self_assessment_report(
                    acting_user=request.user,
                    organization=organization,
                    framework=framework,
                    year=year,
                    half=half,
                    scores=scores,
                    summary=form.cleaned_data["summary"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("自测自评已报送文明办。"))
                return redirect("supervision:self_assessment", org=organization.pk)
    context = {
        "organization": organization,
        "period": half_label(year, half),
        "due_on": due_on,
        "framework": framework,
        "form": form,
        "current": current,
        "current_items": breakdown(current) if current else [],
        "earlier": [(half_label(r.year, r.half), r) for r in reports if r is not current],
    }
    return render(request, "supervision/self_assessment.html", context)


def _periods(today: date) -> list[tuple[int, int]]:
    year, half = self_assessment_period(today)
    periods = []
    for _n in range(PERIODS_SHOWN):
        periods.append((year, half))
        year, half = (year, 1) if half == 2 else (year - 1, 2)
    return periods


def _chosen(value: str, periods: list[tuple[int, int]]) -> tuple[int, int]:
    year_text, _sep, half_text = value.partition("-")
    try:
        chosen = (int(year_text), int(half_text))
    except ValueError:
        return periods[0]
    return chosen if chosen[1] in (1, 2) and 2000 <= chosen[0] <= 2100 else periods[0]


@login_required
def self_assessments(request: AuthenticatedRequest) -> HttpResponse:
    """The office's view of a half-year: who reported (total and breakdown), who is missing."""
    require_perm(request.user, "supervision.view_self_assessments")
    today = timezone.localdate()
    periods = _periods(today)
    year, half = _chosen(request.GET.get("period", ""), periods)
    if (year, half) not in periods:
        periods.append((year, half))
    overview = self_assessment_overview(organizations_for(request.user), year, half, today)
    show = request.GET.get("show", "")
    rows = overview.rows
    if show == "missing":
        rows = [r for r in rows if r.status in ("missing", "overdue")]
    elif show == "reported":
        rows = [r for r in rows if r.status in ("reported", "late")]
    context = {
        "overview": overview,
        "rows": rows,
        "show": show,
        "period": f"{year}-{half}",
        "period_label": half_label(year, half),
        "periods": [(f"{y}-{h}", half_label(y, h)) for y, h in periods],
        "is_past": today > overview.due_on,
        "reported": overview.count("reported", "late"),
        "missing": overview.count("missing", "overdue"),
        "no_framework": overview.without_framework,
    }
    return render(request, "supervision/self_assessments.html", context)
