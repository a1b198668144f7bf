"""Pages of creation work: 人员与部门 of the user's organization, account invitations.

- ``creation:org``: the organization's staff and departments; its creation office adds,
  edits and removes them, links a staff member to a login or invites them (the link is
  shown once, to be passed on by WeChat too); department people read it.
- ``creation:invitation_accept``: the public page of an invitation link: the person
  chooses a login name and password and is signed in.

The plan's pages (方案、领导小组、实施阶段) are in ``organization_plans``.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenming.accounts.permissions import AuthenticatedRequest
from wenming.documents.links import public_url
from wenming.registry.models import Organization
from wenming.registry.scopes import scope_of

from .. import scopes
from ..forms import DepartmentForm, InvitationAcceptForm, InviteForm, LinkForm, StaffForm, staff_of
from ..models import Department, GroupBody, Plan, StaffMember
from ..services import organization as services
from ..services import plans as plan_services
from . import organization_plans

#: The session key of the invitation link shown once on the organization's page.
LINK_KEY = "creation_invitation_link"


def _organizations(user: Any) -> list[Organization]:
    """The organizations whose staff the user reads: run or worked in."""
    scope = scope_of(user)
    ids = set(scope.organization_ids)
    seated = Plan.objects.filter(
        group_members__body=GroupBody.OFFICE, group_members__staff__user=user
    )
    ids |= set(seated.values_list("organization_id", flat=True))
    ids |= set(scopes.user_departments(user).values_list("organization_id", flat=True))
    return list(Organization.objects.filter(pk__in=ids).order_by("name"))


def _readable(request: AuthenticatedRequest, organization: Organization) -> bool:
    return services.reads_organization(request.user, organization)


def _require_run(request: AuthenticatedRequest, organization: Organization) -> None:
    if not services.reads_organization(request.user, organization):
        raise Http404
    if not services.runs_organization(request.user, organization):
        raise PermissionDenied(_("只有本单位创建办公室可以执行此操作。"))


def _org_url(organization: Organization) -> str:
    return reverse("creation:org") + f"?org={organization.pk}"


def _error(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
def org(request: AuthenticatedRequest) -> HttpResponse:
    """人员与部门 of the user's organization (``?org=`` picks one of several)."""
    choices = _organizations(request.user)
    wanted = request.GET.get("org", "")
    organization: Organization | None
    if wanted.isdigit():
        organization = get_object_or_404(Organization, pk=int(wanted))
        if not _readable(request, organization):
            raise Http404
    else:
        organization = choices[0] if choices else None
    if organization is None:
        raise Http404
    can_edit = services.runs_organization(request.user, organization)
    departments = (
        Department.objects.filter(organization=organization)
        .select_related("head", "leader")
        .prefetch_related("members")
    )
    context = {
        "organization": organization,
        "choices": choices,
        "can_edit": can_edit,
        "staff": staff_of(organization).select_related("user"),
        "departments": departments,
        "plans": scopes.plans_for(request.user).filter(organization=organization),
        "staff_form": StaffForm(),
        "invitation_link": request.session.pop(LINK_KEY, None) if can_edit else None,
        "opens_plans": plan_services.opens_plans(request.user, organization),
    }
    return render(request, "creation/org_detail.html", context)


@login_required
@require_POST
def staff_add(request: AuthenticatedRequest, org_pk: int) -> HttpResponse:
    organization = get_object_or_404(Organization, pk=org_pk)
    _require_run(request, organization)
    form = StaffForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for e in errors:
                messages.error(request, f"{label}：{e}" if label else str(e))
        return redirect(_org_url(organization))
    try:
        staff = services.staff_add(
            acting_user=request.user, organization=organization, **form.cleaned_data
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已添加人员%(name)s。") % {"name": staff.name})
    return redirect(_org_url(organization))


def _staff(request: AuthenticatedRequest, pk: int) -> StaffMember:
    staff = get_object_or_404(StaffMember.objects.select_related("organization", "user"), pk=pk)
    _require_run(request, staff.organization)
    return staff


@login_required
@require_http_methods(["GET", "POST"])
def staff_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Edit one staff member; link a login or invite them."""
    staff = _staff(request, pk)
    form = StaffForm(
        request.POST or None,
        initial={
            "name": staff.name,
            "position": staff.position,
            "phone": staff.phone,
            "email": staff.email,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_update(acting_user=request.user, staff=staff, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已保存%(name)s的信息。") % {"name": staff.name})
            return redirect(_org_url(staff.organization))
    users = services.linkable_users(staff.organization)
    context = {
        "staff": staff,
        "form": form,
        "link_form": LinkForm(users=users, initial={"user": staff.user_id}),
        "invite_form": InviteForm(initial={"email": staff.email}),
        "open_invitation": staff.invitations.filter(accepted_at__isnull=True).first(),
    }
    return render(request, "creation/org_staff_form.html", context)


@login_required
@require_POST
def staff_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    staff = _staff(request, pk)
    organization = staff.organization
    name = staff.name
    try:
        services.staff_remove(acting_user=request.user, staff=staff)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已删除人员%(name)s。") % {"name": name})
    return redirect(_org_url(organization))


@login_required
@require_POST
def staff_link(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    staff = _staff(request, pk)
    form = LinkForm(request.POST, users=services.linkable_users(staff.organization))
    if not form.is_valid():
        messages.error(request, _("请选择本单位申报联系人的账号。"))
        return redirect("creation:staff_edit", staff.pk)
    try:
        services.staff_link(acting_user=request.user, staff=staff, user=form.cleaned_data["user"])
    except ValidationError as exc:
        _error(request, exc)
        return redirect("creation:staff_edit", staff.pk)
    messages.success(request, _("已更新%(name)s的登录账号。") % {"name": staff.name})
    return redirect(_org_url(staff.organization))


@login_required
@require_POST
def staff_invite(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    staff = _staff(request, pk)
    form = InviteForm(request.POST)
    email = form.cleaned_data["email"] if form.is_valid() else ""
    try:
        _invitation, token = services.staff_invite(
            acting_user=request.user, staff=staff, email=email
        )
    except ValidationError as exc:
        _error(request, exc)
        return redirect("creation:staff_edit", staff.pk)
    link = public_url(reverse("creation:invitation_accept", args=[token]), request)
    request.session[LINK_KEY] = {"name": staff.name, "url": link}
    messages.success(request, _("已向%(name)s发送账号邀请。") % {"name": staff.name})
    return redirect(_org_url(staff.organization))


def _department_people(form: DepartmentForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "head": data["head"],
        "leader": data["leader"],
        "members": data["members"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def department_new(request: AuthenticatedRequest, org_pk: int) -> HttpResponse:
    organization = get_object_or_404(Organization, pk=org_pk)
    _require_run(request, organization)
    form = DepartmentForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            department = services.department_create(
                acting_user=request.user, organization=organization, **_department_people(form)
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已新建部门%(name)s。") % {"name": department.name})
            return redirect(_org_url(organization))
    context = {"organization": organization, "form": form, "department": None}
    return render(request, "creation/org_department_form.html", context)


def _department(request: AuthenticatedRequest, pk: int) -> Department:
    department = get_object_or_404(Department.objects.select_related("organization"), pk=pk)
    _require_run(request, department.organization)
    return department


@login_required
@require_http_methods(["GET", "POST"])
def department_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    department = _department(request, pk)
    organization = department.organization
    initial = {
        "name": department.name,
        "head": department.head_id,
        "leader": department.leader_id,
        "members": list(department.members.values_list("pk", flat=True)),
    }
    form = DepartmentForm(request.POST or None, organization=organization, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.department_update(
                acting_user=request.user, department=department, **_department_people(form)
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已保存部门%(name)s。") % {"name": department.name})
            return redirect(_org_url(organization))
    context = {"organization": organization, "form": form, "department": department}
    return render(request, "creation/org_department_form.html", context)


@login_required
@require_POST
def department_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    department = _department(request, pk)
    organization, name = department.organization, department.name
    try:
        services.department_remove(acting_user=request.user, department=department)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已删除部门%(name)s。") % {"name": name})
    return redirect(_org_url(organization))


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation link: choose a login name and a password, then sign in."""
    invitation = services.invitation_for(token)
    problem = services.invitation_problem(invitation)
    form = InvitationAcceptForm(request.POST or None)
    if not problem and request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                token=token,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("账号已开通，欢迎%(name)s。") % {"name": str(user)})
            plan = (
                Plan.objects.filter(organization=invitation.staff.organization).first()
                if invitation
                else None
            )
            if plan is not None and scopes.plans_for(user).filter(pk=plan.pk).exists():
                return redirect("creation:plan", plan.pk)
            return redirect("/")
    context = {"invitation": invitation, "problem": problem, "form": form}
    return render(request, "creation/org_invitation.html", context, status=410 if problem else 200)


urlpatterns: list[URLPattern] = [
    path("organization/", org, name="org"),
    path("organization/<int:org_pk>/staff/", staff_add, name="staff_add"),
    path("organization/<int:org_pk>/departments/new/", department_new, name="department_new"),
    path("staff/<int:pk>/", staff_edit, name="staff_edit"),
    path("staff/<int:pk>/remove/", staff_remove, name="staff_remove"),
    path("staff/<int:pk>/link/", staff_link, name="staff_link"),
    path("staff/<int:pk>/invite/", staff_invite, name="staff_invite"),
    path("departments/<int:pk>/", department_edit, name="department_edit"),
    path("departments/<int:pk>/remove/", department_remove, name="department_remove"),
    path("invitations/<str:token>/", invitation_accept, name="invitation_accept"),
    *organization_plans.urlpatterns,
]
