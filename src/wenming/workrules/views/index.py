"""The work rules' overview (文明委工作): what the office, a committee member or a member
unit has to see first, each section only for those it concerns."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.domain.review import ItemState
from wenming.registry.models import Body
from wenming.supervision.models import SupervisionItem

from .. import selectors
from ..models import Attendee, InfoReport
from ..scopes import meetings_for, unit_ids_of
from .common import office_from


@login_required
def index(request: AuthenticatedRequest) -> HttpResponse:
    require_perm(request.user, "workrules.view_index")
    today = timezone.localdate()
    office = office_from(request)
    manages = office is not None and request.user.has_perm("workrules.run_office", office)
    units = Body.objects.filter(pk__in=unit_ids_of(request.user)).select_related("region")
    context: dict[str, object] = {
        "office": office,
        "manages": manages,
        "upcoming": meetings_for(request.user).filter(held_on__gte=today).order_by("held_on")[:20],
        "my_meetings": Attendee.objects.filter(user=request.user, meeting__held_on__gte=today)
        .select_related("meeting")
        .order_by("meeting__held_on"),
    }
    if manages and office is not None:
        register = selectors.unit_register(selectors.units_of(office), today)
        context |= {
            "year_warnings": selectors.year_warnings(office, today.year, today),
            "overdue": [r for r in register if r.overdue],
            "waiting": [r for r in register if r.officer is None and not r.overdue],
            "pending": InfoReport.objects.filter(body__region=office, adopted__isnull=True).count(),
        }
    if units:
        context |= {
            "own": selectors.unit_register(units, today),
            "tasks": SupervisionItem.objects.filter(body__in=units)
            .exclude(state=ItemState.CLOSED)
            .select_related("body")
            .order_by("deadline", "id"),
            "own_reports": InfoReport.objects.filter(body__in=units)
            .select_related("body")
            .order_by("-submitted_on", "-id")[:10],
        }
    return render(request, "workrules/index.html", context)
