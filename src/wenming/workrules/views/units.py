"""Pages of the liaison officers' register: every member unit with its officer and the
overdue flags, and one unit's page with its officers past and present, the changes of the
one in office, and the forms to name, change or record the leaving of an officer."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.audit.selectors import history_for

from .. import selectors, services
from ..forms import OfficerForm, OfficerLeaveForm
from ..models import LiaisonOfficer
from ..scopes import member_units_for
from ..services.liaisons import CONTACT_FIELDS
from .common import run, show_errors


@login_required
def liaisons(request: AuthenticatedRequest) -> HttpResponse:
    require_perm(request.user, "workrules.view_index")
    rows = selectors.unit_register(member_units_for(request.user))
    if request.GET.get("overdue"):
        rows = [r for r in rows if r.overdue]
    context = {"rows": rows, "only_overdue": bool(request.GET.get("overdue"))}
    return render(request, "workrules/liaisons.html", context)


@login_required
def unit_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(member_units_for(request.user), pk=pk)
    require_perm(request.user, "workrules.keep_unit", unit)
    row = selectors.unit_register(member_units_for(request.user).filter(pk=unit.pk))[0]
    current = row.officer
    context = {
        "unit": unit,
        "row": row,
        "history": selectors.unit_history(unit),
        "changes": history_for(current) if current else [],
        "appoint_form": OfficerForm(prefix="new"),
        "edit_form": OfficerForm(instance=current, prefix="edit") if current else None,
        "leave_form": OfficerLeaveForm(),
    }
    return render(request, "workrules/unit.html", context)


@login_required
@require_POST
def appoint(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(member_units_for(request.user), pk=pk)
    require_perm(request.user, "workrules.keep_unit", unit)
    form = OfficerForm(request.POST, prefix="new")
    if not form.is_valid():
        show_errors(request, form)
        return redirect("workrules:unit", pk=unit.pk)
    data = form.cleaned_data
    run(
        request,
        lambda: services.liaison_appoint(
            acting_user=request.user,
            body=unit,
            name=data["name"],
            rank=data["rank"],
            started_on=data["started_on"],
            position=data["position"],
            office_phone=data["office_phone"],
            mobile=data["mobile"],
            email=data["email"],
        ),
        _("已登记联络员%(name)s。") % {"name": data["name"]},
    )
    return redirect("workrules:unit", pk=unit.pk)


def _officer(request: AuthenticatedRequest, pk: int) -> LiaisonOfficer:
    officer = get_object_or_404(
        LiaisonOfficer.objects.select_related("body__region").filter(
            body__in=member_units_for(request.user)
        ),
        pk=pk,
    )
    require_perm(request.user, "workrules.keep_unit", officer.body)
    return officer


@login_required
@require_POST
def officer_update(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    officer = _officer(request, pk)
    form = OfficerForm(
        request.POST, instance=LiaisonOfficer.objects.get(pk=officer.pk), prefix="edit"
    )
    if not form.is_valid():
        show_errors(request, form)
        return redirect("workrules:unit", pk=officer.body_id)
    data = {k: form.cleaned_data[k] for k in CONTACT_FIELDS if k != "user"}
    run(
        request,
        lambda: services.liaison_update(acting_user=request.user, officer=officer, **data),
        _("已保存联络员信息。"),
    )
    return redirect("workrules:unit", pk=officer.body_id)


@login_required
@require_POST
def officer_leave(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    officer = _officer(request, pk)
    form = OfficerLeaveForm(request.POST)
    if not form.is_valid():
        show_errors(request, form)
        return redirect("workrules:unit", pk=officer.body_id)
    run(
        request,
        lambda: services.liaison_leave(
            acting_user=request.user,
            officer=officer,
            left_on=form.cleaned_data["left_on"],
            reason=form.cleaned_data["reason"],
        ),
        _("已登记联络员离任：请在一周内指定继任者。"),
    )
    return redirect("workrules:unit", pk=officer.body_id)
