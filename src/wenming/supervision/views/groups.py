"""A review's assessment groups: groups and their assessors, which group visits which
entry on which day, and the visit record (听汇报, 查台账, 看环境, 意见反馈)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.visits.checklist import default_checklist
from wenming.visits.models import GroupMember, Visit
from wenming.visits.selectors import checklist_rows, step_rows, steps_from_form

from ..forms import GroupForm, MemberForm, parse_plans
from ..models import ReviewEntry
from ..selectors import review_groups, reviews_for
from ..services import groups as services_groups


@login_required
@require_http_methods(["GET", "POST"])
def groups(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(reviews_for(request.user), pk=pk)
    require_perm(request.user, "supervision.manage_review", review)
    group_qs = review.groups.order_by("name", "id")
    action = request.POST.get("action")
    group_form = GroupForm(request.POST if action == "group" else None)
    member_form = MemberForm(
        request.POST if action == "member" else None, groups=group_qs, user=request.user
    )
    entries = list(
        ReviewEntry.objects.filter(review=review)
        .select_related("organization", "group", "visit")
        .order_by("organization__name", "id")
    )
    plan_errors: list[str] = []
    if request.method == "POST":
        user = request.user
        try:
            if action == "group" and group_form.is_valid():
                services_groups.group_add(
                    acting_user=user, review=review, **group_form.cleaned_data
                )
                messages.success(request, _("已新建考核组。"))
            elif action == "member" and member_form.is_valid():
                services_groups.group_member_add(acting_user=user, **member_form.cleaned_data)
                messages.success(request, _("已加入考核组。"))
            elif action == "remove":
                member = get_object_or_404(
                    GroupMember, pk=request.POST.get("member"), group__review=review
                )
                services_groups.group_member_remove(acting_user=user, member=member)
                messages.success(request, _("已移出考核组。"))
            elif action == "plan":
                plans, plan_errors = parse_plans(request.POST, entries, {g.pk: g for g in group_qs})
                if not plan_errors:
                    changed = services_groups.entries_plan(
                        acting_user=user, review=review, plans=plans
                    )
                    messages.success(
                        request, _("已保存 %(n)d 个单位的考核组和日期。") % {"n": changed}
                    )
            else:
                raise ValidationError(_("请检查填写的内容。"))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if not plan_errors:
                return redirect("supervision:groups", pk=review.pk)
    context = {
        "review": review,
        "groups": review_groups(review),
        "rows": _plan_rows(entries, request.POST if plan_errors else None),
        "group_form": group_form,
        "member_form": member_form,
        "plan_errors": plan_errors,
    }
    return render(request, "supervision/groups.html", context)


def _plan_rows(entries: list[ReviewEntry], data: Any) -> list[dict[str, Any]]:
    """The plan table's rows: as saved, or as entered when the entry was refused."""
    rows = []
    for entry in entries:
        if data is not None:
            group = data.get(f"group_{entry.pk}", "")
            day = data.get(f"visited_on_{entry.pk}", "")
        else:
            group = str(entry.group_id or "")
            day = entry.visited_on.isoformat() if entry.visited_on else ""
        rows.append({"entry": entry, "group": group, "day": day})
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def visit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The visit record of one entry, for the office and the members of its group."""
    entry = get_object_or_404(
        ReviewEntry.objects.select_related("review", "review__office", "organization", "group"),
        pk=pk,
    )
    require_perm(request.user, "supervision.record_visit", entry)
    if request.method == "POST":
        try:
            services_groups.entry_visit_record(
                acting_user=request.user,
                entry=entry,
                visited_on=parse_date(request.POST.get("visited_on", "")),
                steps=steps_from_form(request.POST),
                checklist=dict.fromkeys(request.POST.getlist("checklist"), True),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("已保存考核记录。"))
        return redirect("supervision:visit", pk=entry.pk)
    record = Visit.objects.filter(entry=entry).select_related("updated_by").first()
    context = {
        "entry": entry,
        "record": record,
        "steps": step_rows(record),
        "checklist": checklist_rows(record, default_checklist()),
        "members": list(entry.group.members.select_related("user")) if entry.group else [],
        "manages": request.user.has_perm("supervision.manage_review", entry.review),
    }
    return render(request, "supervision/visit.html", context)
