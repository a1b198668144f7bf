"""Supervision pages: the overview, reviews with their ranking, entries and the duty roster."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.documents.downloads import content_disposition
from wenming.registry.scopes import organizations_for, regions_for, scope_of

from .. import rostering, services
from ..exports import item_filter
from ..forms import DutyRecordForm, EntryAddForm, ReviewForm, UploadForm, entry_score_form
from ..models import DutyRecord, Ranking, ReviewEntry
from ..presenting import notice_text, reward_rule_text
from ..selectors import (
    composite_of,
    notices_for,
    overdue_ids,
    review_ranking,
    reviews_for,
    roster_kinds,
    titled_ids,
    visits_for,
)
from .self_assessment import self_assessment_status


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
def index(request: AuthenticatedRequest) -> HttpResponse:
    require_perm(request.user, "supervision.view_index")
    scope = scope_of(request.user)
    # Open items first, the nearest deadline on top; closed ones after them (the export
    # shares the filter: supervision/exports.py).
    item_form, filtered = item_filter(request.user, request.GET)
    items = list(filtered[:200])
    notices = list(notices_for(request.user)[:20])
    context = {
        "is_office": scope.is_office,
        "reviews": list(reviews_for(request.user)[:50]) if scope.is_office else [],
        "items": items,
        "item_form": item_form,
        "query": request.GET.urlencode(),
        "show_items": scope.is_office or bool(scope.organization_ids),
        "overdue": overdue_ids(items),
        "notices": [(n, notice_text(n)) for n in notices],
        "self_assessments": self_assessment_status(request.user),
        "visits": list(visits_for(request.user)[:200]) if scope.is_assessor else [],
    }
    return render(request, "supervision/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def review_new(request: AuthenticatedRequest) -> HttpResponse:
    require_perm(request.user, "supervision.manage_review")
    regions = regions_for(request.user).filter(level__in=["city", "county"])
    form = ReviewForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已新建考核“%(name)s”。") % {"name": review.name})
            return redirect("supervision:review", pk=review.pk)
    return render(request, "supervision/form.html", {"form": form, "heading": _("新建考核")})


def _review(request: AuthenticatedRequest, pk: int) -> Any:
    review = get_object_or_404(reviews_for(request.user), pk=pk)
    require_perm(request.user, "supervision.manage_review", review)
    return review


@login_required
@require_http_methods(["GET", "POST"])
def review_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    organizations = organizations_for(request.user).exclude(reviewentry__review=review)
    if review.ranking == Ranking.BY_CLASS:
        # Ranking by class needs a title in force: offer only the units that hold one.
        organizations = organizations.filter(pk__in=titled_ids(review.framework))
    form = EntryAddForm(request.POST or None, organizations=organizations.order_by("name"))
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_add(acting_user=request.user, review=review, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已加入考核。"))
            return redirect("supervision:review", pk=review.pk)
    context = {
        "review": review,
        "ranking": review_ranking(review),
        "form": form,
        "reward_rule": reward_rule_text(review) if review.ranking == "league" else "",
        "bulletins": list(review.bulletins.all()),
        "has_roster": bool(roster_kinds(review)),
    }
    return render(request, "supervision/review_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(ReviewEntry.objects.select_related("review", "organization"), pk=pk)
    review = _review(request, entry.review_id)
    composite = composite_of(review)
    initial = dict(entry.inputs) | {"strengths": entry.strengths, "problems": entry.problems}
    form = entry_score_form(composite, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        strengths, problems = data.pop("strengths"), data.pop("problems")
        try:
            services.entry_score(
                acting_user=request.user,
                entry=entry,
                inputs=data,
                strengths=strengths,
                problems=problems,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("supervision:review", pk=review.pk)
    heading = _("%(org)s 的考核得分") % {"org": entry.organization.name}
    return render(
        request, "supervision/form.html", {"form": form, "heading": heading, "entry": entry}
    )


@login_required
@require_http_methods(["GET", "POST"])
def roster(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    kinds = roster_kinds(review)
    organizations = organizations_for(request.user).filter(reviewentry__review=review)
    form = DutyRecordForm(request.POST or None, organizations=organizations, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        try:
            services.duty_record_add(acting_user=request.user, review=review, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已记录。"))
            return redirect("supervision:roster", pk=review.pk)
    records = DutyRecord.objects.filter(review=review).select_related("organization")
    counts = (
        DutyRecord.objects.filter(review=review)
        .values("organization__name", "kind")
        .annotate(n=Count("id"))
        .order_by("organization__name")
    )
    context = {
        "review": review,
        "form": form,
        "upload": UploadForm(),
        "records": list(records[:500]),
        "kinds": kinds,
        "counts": [
            (c["organization__name"], kinds.get(c["kind"], c["kind"]), c["n"]) for c in counts
        ],
        "errors": request.session.pop("roster_errors", []),
    }
    return render(request, "supervision/roster.html", context)


@login_required
@require_POST
def roster_upload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的文件。"))
        return redirect("supervision:roster", pk=review.pk)
    result = rostering.roster_import(
        acting_user=request.user,
        review=review,
        source=form.cleaned_data["file"],
    )
    if result.ok:
        messages.success(request, _("已导入 %(n)d 条值勤记录。") % {"n": result.saved})
    else:
        messages.error(request, _("文件有错误，未导入任何记录。"))
        request.session["roster_errors"] = [
            [e.row, e.column, e.field, e.message] for e in result.errors[:200]
        ]
    return redirect("supervision:roster", pk=review.pk)


@login_required
def roster_template(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    response = HttpResponse(
        rostering.roster_template(review),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition(
        _("%(review)s值勤记录模板.xlsx") % {"review": review.name}
    )
    return response
