"""The assessor's pages: the phone-first marking page, its save endpoint, and the visit."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.domain.scoring import quantize2
from wenming.visits.models import Visit
from wenming.visits.selectors import checklist_rows, step_rows, steps_from_form

from .. import services
from ..models import Assignment
from ..selectors import marking_reads as reads
from ..selectors.marking_reads import MARK_SAVE_READS
from ..selectors.marking_sheet import marking_page

#: What the visit's services and page read besides a mark save's.
VISIT_READS = (*MARK_SAVE_READS, "round__campaign", "group")


def _assignment(
    request: AuthenticatedRequest, pk: int, perm: str | None, reads: tuple[str, ...]
) -> Assignment:
    """The assignment with what its services read; refused unless the user holds ``perm``
    (None: the service called next checks its own permission)."""
    assignment = get_object_or_404(
        # The framework's document is read through the domain cache (loaded on a miss).
        Assignment.objects.select_related(*reads).defer("application__award__framework__document"),
        pk=pk,
    )
    if perm is not None:
        require_perm(request.user, perm, assignment)
    return assignment


@login_required
def mark_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assignment = reads.assignment_to_mark.first(pk)
    if assignment is None:
        raise Http404
    require_perm(request.user, "assessment.mark", assignment)
    page = marking_page(assignment, request.user)
    context = {
        "assignment": assignment,
        "application": assignment.application,
        "sheet": page.sheet,
        "stage": page.stage,
        "stage_open": page.stage_open,
    }
    return render(request, "assessment/mark.html", context)


@login_required
@require_POST
def mark_save(request: AuthenticatedRequest, pk: int) -> JsonResponse:
    """Save one mark; JSON so the page's script can tell a refusal from a lost connection."""
    try:
        # mark_save refuses unless the user may mark (assessment.mark, which implies
        # view_assignment) with the same message: one membership query, not two.
        assignment = reads.assignment_to_save.first(pk)
        if assignment is None:
            raise Http404
        saved = services.mark_save(
            acting_user=request.user,
            assignment=assignment,
            clause_key=request.POST.get("clause", ""),
            method=request.POST.get("method", ""),
            points=request.POST.get("points", ""),
        )
    except PermissionDenied as error:
        return JsonResponse({"error": str(error) or _("您没有权限执行此操作。")}, status=403)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return JsonResponse(
        {
            "clause": saved.mark.clause_key,
            "method": saved.mark.method,
            "points": str(quantize2(Decimal(saved.mark.points))),
        }
    )


@login_required
def visit_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assignment = _assignment(request, pk, "assessment.record_visit", VISIT_READS)
    if request.method == "POST":
        try:
            photo = request.FILES.get("photo")
            if photo:
                services.visit_photo_add(
                    acting_user=request.user,
                    assignment=assignment,
                    step=request.POST.get("step", ""),
                    upload=photo,
                )
                done = _("照片已上传。")
            else:
                services.assignment_visit_record(
                    acting_user=request.user,
                    assignment=assignment,
                    visited_on=parse_date(request.POST.get("visited_on", "")),
                    steps=steps_from_form(request.POST),
                    checklist=dict.fromkeys(request.POST.getlist("checklist"), True),
                )
                done = _("实地考核记录已保存。")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
        return redirect("assessment:visit", pk=pk)
    visit = Visit.objects.filter(assignment=assignment).prefetch_related("photos").first()
    context = {
        "assignment": assignment,
        "visit": visit,
        "steps": step_rows(visit, photos=True),
        "checklist": checklist_rows(visit, assignment.round.checklist),
    }
    return render(request, "assessment/visit.html", context)
