"""Pages of the liaison officers' study and training: the sessions, one session with who
attended, and the year's attendance per officer."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenming.accounts.permissions import AuthenticatedRequest, require_perm

from .. import selectors, services
from ..forms import TrainingForm
from ..models import LiaisonOfficer, TrainingSession
from ..scopes import member_units_for, trainings_for
from .common import office_from, run, show_errors


@login_required
@require_http_methods(["GET", "POST"])
def trainings(request: AuthenticatedRequest) -> HttpResponse:
    require_perm(request.user, "workrules.view_index")
    office = office_from(request)
    manages = office is not None and request.user.has_perm("workrules.run_office", office)
    officers = (
        LiaisonOfficer.objects.filter(body__region=office, ended_on=None).select_related("body")
        if office
        else LiaisonOfficer.objects.none()
    )
    form = TrainingForm(request.POST or None, officers=officers.order_by("body__name"))
    if request.method == "POST":
        if office is None or not manages:
            raise PermissionDenied(_("您没有权限执行此操作。"))
        if form.is_valid():
            made: list[TrainingSession] = []
            if run(
                request,
                lambda: made.append(
                    services.training_create(
                        acting_user=request.user, office=office, **form.cleaned_data
                    )
                ),
                _("已登记学习培训。"),
            ):
                return redirect("workrules:training", pk=made[0].pk)
        else:
            show_errors(request, form)
    context = {
        "manages": manages,
        "form": form,
        "sessions": trainings_for(request.user)
        .prefetch_related("attendees")
        .order_by("-held_on", "-id")[:200],
    }
    return render(request, "workrules/trainings.html", context)


@login_required
def training_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(trainings_for(request.user), pk=pk)
    require_perm(request.user, "workrules.view_training", session)
    officers = LiaisonOfficer.objects.filter(body__region=session.office).select_related("body")
    attended = set(session.attendees.values_list("pk", flat=True))
    context = {
        "session": session,
        "manages": request.user.has_perm("workrules.manage_training", session),
        "officers": officers.order_by("body__name", "-started_on"),
        "attended": attended,
    }
    return render(request, "workrules/training.html", context)


@login_required
@require_POST
def training_attendance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(TrainingSession.objects.select_related("office"), pk=pk)
    require_perm(request.user, "workrules.manage_training", session)
    ids = [int(v) for v in request.POST.getlist("attendees") if v.isdigit()]
    chosen = list(
        LiaisonOfficer.objects.filter(pk__in=ids, body__region=session.office).select_related(
            "body"
        )
    )
    run(
        request,
        lambda: services.training_attendance_set(
            acting_user=request.user, session=session, attendees=chosen
        ),
        _("已保存参加人员。"),
    )
    return redirect("workrules:training", pk=session.pk)


@login_required
def attendance_table(request: AuthenticatedRequest) -> HttpResponse:
    require_perm(request.user, "workrules.view_index")
    year = timezone.localdate().year
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        year = int(raw)
    office = office_from(request)
    manages = office is not None and request.user.has_perm("workrules.run_office", office)
    units = list(member_units_for(request.user))
    if manages and office is not None:
        tables = [(office, selectors.attendance_table(office, year))]
    else:
        offices = {u.region_id: u.region for u in units}
        tables = [
            (
                o,
                selectors.attendance_table(
                    o, year, units=[u for u in units if u.region_id == o.pk]
                ),
            )
            for o in offices.values()
        ]
    return render(request, "workrules/attendance.html", {"tables": tables, "year": year})
