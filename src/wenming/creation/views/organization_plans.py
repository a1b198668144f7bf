"""Pages of a creation plan: opening it (``creation:plan_new``), its overview
(``creation:plan``: the leading group, the office, the phases, links to the other parts),
its seats, its phases (``creation:plan_phases``), activating and closing it.

Everyone who may open the plan (``scopes.plans_for``) reads the overview; only the
plan's office sees the edit buttons, and every POST checks it again (403).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenming.accounts.permissions import AuthenticatedRequest
from wenming.registry.models import Organization
from wenming.registry.scopes import scope_of

from .. import scopes
from ..forms import GroupMemberForm, PhaseFormSet, PlanForm
from ..models import GroupBody, GroupMember, Plan, PlanStatus
from ..services import plans as plan_services


def _plan(request: AuthenticatedRequest, pk: int) -> Plan:
    return get_object_or_404(
        scopes.plans_for(request.user).select_related("organization", "award__campaign"), pk=pk
    )


def _require_office(request: AuthenticatedRequest, plan: Plan) -> None:
    if not scopes.runs_plan(request.user, plan):
        raise PermissionDenied(_("只有本单位创建办公室可以执行此操作。"))


def _error(request: AuthenticatedRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request: AuthenticatedRequest) -> HttpResponse:
    """Open a plan for one award (the applicant's contact)."""
    ids = scope_of(request.user).organization_ids
    wanted = request.GET.get("org", "")
    org_id = int(wanted) if wanted.isdigit() else (ids[0] if ids else 0)
    organization = get_object_or_404(Organization, pk=org_id)
    if not plan_services.opens_plans(request.user, organization):
        raise Http404
    awards = plan_services.plan_awards(organization)
    form = PlanForm(request.POST or None, awards=awards)
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_services.plan_create(
                acting_user=request.user,
                organization=organization,
                award=form.cleaned_data["award"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已新建创建实施方案，请设置领导小组和实施阶段。"))
            return redirect("creation:plan", plan.pk)
    context = {"organization": organization, "form": form, "awards": awards}
    return render(request, "creation/plan_new.html", context)


@login_required
def plan(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The plan's overview."""
    plan = _plan(request, pk)
    can_edit = scopes.runs_plan(request.user, plan) and plan.status != PlanStatus.CLOSED
    seats = list(plan.group_members.select_related("staff").order_by("order", "id"))
    context = {
        "plan": plan,
        "can_edit": can_edit,
        "runs": scopes.runs_plan(request.user, plan),
        # The plan's documents show every department's work: only for those who see it all.
        "sees_whole": scopes.sees_whole_plan(request.user, plan),
        "group": [s for s in seats if s.body == GroupBody.LEADING_GROUP],
        "office": [s for s in seats if s.body == GroupBody.OFFICE],
        "phases": plan.phases.order_by("order", "starts_on"),
        "current": plan_services.current_phase(plan),
        "member_form": GroupMemberForm(organization=plan.organization) if can_edit else None,
    }
    return render(request, "creation/plan_detail.html", context)


@login_required
@require_POST
def plan_activate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    _require_office(request, plan)
    try:
        plan_services.plan_activate(acting_user=request.user, plan=plan)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("方案已开始实施。"))
    return redirect("creation:plan", plan.pk)


@login_required
@require_POST
def plan_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    _require_office(request, plan)
    try:
        plan_services.plan_close(acting_user=request.user, plan=plan)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("方案已结束。"))
    return redirect("creation:plan", plan.pk)


@login_required
@require_POST
def group_member_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    _require_office(request, plan)
    form = GroupMemberForm(request.POST, organization=plan.organization)
    if not form.is_valid():
        messages.error(request, _("请选择职务和人员。"))
        return redirect("creation:plan", plan.pk)
    body, position = form.body_position()
    try:
        member = plan_services.group_member_add(
            acting_user=request.user,
            plan=plan,
            body=body,
            position=position,
            staff=form.cleaned_data["staff"],
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _("已将%(name)s设为%(body)s%(position)s。")
            % {
                "name": member.staff.name,
                "body": member.get_body_display(),
                "position": member.get_position_display(),
            },
        )
    return redirect("creation:plan", plan.pk)


def _member(request: AuthenticatedRequest, pk: int, member_pk: int) -> GroupMember:
    plan = _plan(request, pk)
    _require_office(request, plan)
    return get_object_or_404(plan.group_members.select_related("staff", "plan"), pk=member_pk)


@login_required
@require_POST
def group_member_remove(request: AuthenticatedRequest, pk: int, member_pk: int) -> HttpResponse:
    member = _member(request, pk, member_pk)
    name = member.staff.name
    try:
        plan_services.group_member_remove(acting_user=request.user, member=member)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已将%(name)s移出。") % {"name": name})
    return redirect("creation:plan", pk)


@login_required
@require_POST
def group_member_move(request: AuthenticatedRequest, pk: int, member_pk: int) -> HttpResponse:
    member = _member(request, pk, member_pk)
    try:
        plan_services.group_member_move(
            acting_user=request.user, member=member, up=request.POST.get("direction") == "up"
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已调整排序。"))
    return redirect("creation:plan", pk)


@login_required
@require_http_methods(["GET", "POST"])
def plan_phases(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Edit the plan's phases all at once (blank rows are left out)."""
    plan = _plan(request, pk)
    _require_office(request, plan)
    initial = [
        {
            "name": p.name,
            "starts_on": p.starts_on,
            "ends_on": p.ends_on,
            "description": p.description,
        }
        for p in plan.phases.order_by("order", "starts_on")
    ]
    blanks = max(0, 6 - len(initial))
    initial += [{} for _n in range(blanks)]
    formset = PhaseFormSet(request.POST or None, initial=initial, prefix="phase")
    errors: list[str] = []
    if request.method == "POST" and formset.is_valid():
        phases = [p for p in (form.phase() for form in formset.forms) if p is not None]
        try:
            plan_services.phase_set(acting_user=request.user, plan=plan, phases=phases)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("已保存实施阶段。"))
            return redirect("creation:plan", plan.pk)
    context = {"plan": plan, "formset": formset, "errors": errors}
    return render(request, "creation/plan_phases.html", context, status=400 if errors else 200)


urlpatterns: list[URLPattern] = [
    path("plans/new/", plan_new, name="plan_new"),
    path("plans/<int:pk>/", plan, name="plan"),
    path("plans/<int:pk>/activate/", plan_activate, name="plan_activate"),
    path("plans/<int:pk>/close/", plan_close, name="plan_close"),
    path("plans/<int:pk>/phases/", plan_phases, name="plan_phases"),
    path("plans/<int:pk>/group/", group_member_add, name="group_member_add"),
    path(
        "plans/<int:pk>/group/<int:member_pk>/remove/",
        group_member_remove,
        name="group_member_remove",
    ),
    path("plans/<int:pk>/group/<int:member_pk>/move/", group_member_move, name="group_member_move"),
]
