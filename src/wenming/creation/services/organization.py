"""Services of an applicant's organization for creation work: staff (人员), their account
invitations, and departments (部门).

The organization's creation office edits them: its applicant contacts, or the staff
seated in the office of one of its plans (``scopes.runs_plan``). An invitation is a
one-time link; only the sha256 of its token is kept, so the link is shown once and mailed.
"""

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import Role, RoleAssignment, User
from wenming.audit.services import audit_record
from wenming.registry.models import Organization
from wenming.registry.scopes import scope_of

from .. import scopes
from ..models import Assignment, Department, GroupMember, Invitation, Plan, StaffMember, Task
from ..tasks import INVITATION_DAYS, send_invitation_mail


def runs_organization(user: User, organization: Organization) -> bool:
    """Whether the user is the organization's creation office (edits staff, departments)."""
    if not user.is_active:
        return False
    scope = scope_of(user)
    if scope.is_admin or organization.pk in scope.organization_ids:
        return True
    return any(scopes.runs_plan(user, p) for p in Plan.objects.filter(organization=organization))


def reads_organization(user: User, organization: Organization) -> bool:
    """The office, and the organization's department people, read its staff and departments."""
    if runs_organization(user, organization):
        return True
    return scopes.user_departments(user).filter(organization=organization).exists()


def _require(user: User, organization: Organization) -> None:
    if not runs_organization(user, organization):
        raise PermissionDenied(_("只有本单位创建办公室可以执行此操作。"))


def _staff_fields(staff: StaffMember) -> dict[str, str]:
    return {
        "name": staff.name,
        "position": staff.position,
        "phone": staff.phone,
        "email": staff.email,
    }


def _clean_staff(name: str, email: str) -> tuple[str, str]:
    name = name.strip()
    if not name:
        raise ValidationError(_("请填写姓名。"))
    return name, email.strip()


def staff_add(
    *,
    acting_user: User,
    organization: Organization,
    name: str,
    position: str = "",
    phone: str = "",
    email: str = "",
) -> StaffMember:
    """Add a person to the organization's staff."""
    _require(acting_user, organization)
    name, email = _clean_staff(name, email)
    with transaction.atomic():
        staff = StaffMember.objects.create(
            organization=organization,
            name=name,
            position=position.strip(),
            phone=phone.strip(),
            email=email,
        )
        audit_record(
            actor=acting_user, action="creation.staff_add", obj=staff, after=_staff_fields(staff)
        )
    return staff


def staff_update(
    *, acting_user: User, staff: StaffMember, name: str, position: str, phone: str, email: str
) -> StaffMember:
    """Change a staff member's name, position, phone and e-mail."""
    _require(acting_user, staff.organization)
    name, email = _clean_staff(name, email)
    before = _staff_fields(staff)
    staff.name, staff.position, staff.phone, staff.email = (
        name,
        position.strip(),
        phone.strip(),
        email,
    )
    with transaction.atomic():
        staff.save(update_fields=["name", "position", "phone", "email"])
        audit_record(
            actor=acting_user,
            action="creation.staff_update",
            obj=staff,
            before=before,
            after=_staff_fields(staff),
        )
    return staff


def _require_not_in_charge(staff: StaffMember, message: str) -> None:
    """A department's head submits and its leader signs: without them its work is stuck."""
    department = (
        Department.objects.filter(organization_id=staff.organization_id)
        .filter(Q(head=staff) | Q(leader=staff))
        .order_by("order", "pk")
        .first()
    )
    if department is not None:
        raise ValidationError(message % {"name": staff.name, "department": department.name})


def staff_remove(*, acting_user: User, staff: StaffMember) -> None:
    """Remove a staff member; one seated in a leading group or office, or heading or
    leading a department, stays."""
    _require(acting_user, staff.organization)
    if GroupMember.objects.filter(staff=staff).exists():
        raise ValidationError(
            _("%(name)s在领导小组或办公室中任职，请先将其移出。") % {"name": staff.name}
        )
    _require_not_in_charge(
        staff, _("%(name)s是%(department)s的负责人或分管领导，请先在部门中更换。")
    )
    with transaction.atomic():
        audit_record(
            actor=acting_user,
            action="creation.staff_remove",
            obj=staff,
            before=_staff_fields(staff),
        )
        staff.delete()


def linkable_users(organization: Organization) -> list[User]:
    """The organization's applicant contacts, who may be linked to a staff member."""
    ids = RoleAssignment.objects.filter(role=Role.APPLICANT, organization=organization).values(
        "user_id"
    )
    return list(
        User.objects.filter(pk__in=ids, is_active=True).order_by("display_name", "username")
    )


def staff_link(*, acting_user: User, staff: StaffMember, user: User | None) -> StaffMember:
    """Link the staff member to an existing login of the organization (or unlink it)."""
    _require(acting_user, staff.organization)
    if user is not None:
        if user.pk not in {u.pk for u in linkable_users(staff.organization)}:
            raise ValidationError(_("只能关联本单位的申报联系人账号。"))
        taken = StaffMember.objects.filter(organization=staff.organization, user=user)
        if taken.exclude(pk=staff.pk).exists():
            raise ValidationError(_("该账号已关联到本单位的其他人员。"))
    else:
        _require_not_in_charge(
            staff,
            _("%(name)s是%(department)s的负责人或分管领导，取消关联前请先在部门中更换。"),
        )
    before = {"user": str(staff.user) if staff.user else ""}
    staff.user = user
    with transaction.atomic():
        staff.save(update_fields=["user"])
        audit_record(
            actor=acting_user,
            action="creation.staff_link",
            obj=staff,
            before=before,
            after={"user": str(user) if user else ""},
        )
    return staff


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def staff_invite(
    *, acting_user: User, staff: StaffMember, email: str = ""
) -> tuple[Invitation, str]:
    """Invite a staff member without a login: a new one-time link (replacing any open
    one), mailed after commit. Returns the invitation and its token (shown once)."""
    _require(acting_user, staff.organization)
    if staff.user_id is not None:
        raise ValidationError(_("%(name)s已有登录账号，无需邀请。") % {"name": staff.name})
    email = (email or staff.email).strip()
    if not email:
        raise ValidationError(_("请先填写%(name)s的电子邮箱。") % {"name": staff.name})
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        # Re-inviting replaces the old link: only the newest one works.
        staff.invitations.filter(accepted_at__isnull=True).delete()
        invitation = Invitation.objects.create(
            staff=staff,
            email=email,
            token_hash=token_hash(token),
            expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
            invited_by=acting_user,
        )
        audit_record(
            actor=acting_user,
            action="creation.staff_invite",
            obj=staff,
            after={"email": email, "expires_at": invitation.expires_at.isoformat()},
        )
        invitation_id = invitation.pk
        transaction.on_commit(lambda: send_invitation_mail.enqueue(invitation_id, token))
    return invitation, token


def invitation_problem(invitation: Invitation | None) -> str:
    """Why the link cannot be used, in words ("" when it can)."""
    if invitation is None:
        return _("邀请链接无效，请向本单位创建办公室索取新的链接。")
    if invitation.accepted_at is not None or invitation.staff.user_id is not None:
        return _("此邀请链接已使用过。如忘记密码，请联系本单位创建办公室。")
    if invitation.expires_at < timezone.now():
        return _("此邀请链接已过期，请向本单位创建办公室索取新的链接。")
    return ""


def invitation_for(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("staff", "staff__organization")
        .filter(token_hash=token_hash(token))
        .first()
    )


def invitation_accept(*, token: str, username: str, password: str) -> User:
    """Create the invited person's account (no role: they work through their department),
    bind it to the staff member and close the invitation."""
    with transaction.atomic():
        invitation = invitation_for(token)
        if invitation is not None:
            invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        problem = invitation_problem(invitation)
        if problem or invitation is None:
            raise ValidationError(problem)
        username = username.strip()
        if not username:
            raise ValidationError(_("请填写登录名。"))
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("登录名“%(name)s”已被使用，请换一个。") % {"name": username})
        staff = invitation.staff
        user = User(username=username, display_name=staff.name, email=invitation.email)
        validate_password(password, user=user)
        user.set_password(password)
        user.save()
        staff.user = user
        staff.save(update_fields=["user"])
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        audit_record(
            actor=user,
            action="creation.invitation_accept",
            obj=staff,
            after={"user": username, "email": invitation.email},
        )
    return user


def _department_staff(
    organization: Organization,
    head: StaffMember | None,
    leader: StaffMember | None,
    members: Iterable[StaffMember],
) -> list[StaffMember]:
    people = [p for p in (head, leader, *members) if p is not None]
    if any(p.organization_id != organization.pk for p in people):
        raise ValidationError(_("只能选择本单位的人员。"))
    return list(members)


def _department_fields(department: Department) -> dict[str, object]:
    return {
        "name": department.name,
        "head": str(department.head or ""),
        "leader": str(department.leader or ""),
        "members": [str(m) for m in department.members.all()],
    }


def _clean_name(organization: Organization, name: str, exclude: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError(_("请填写部门名称。"))
    same = Department.objects.filter(organization=organization, name=name)
    if exclude is not None:
        same = same.exclude(pk=exclude)
    if same.exists():
        raise ValidationError(_("本单位已有名为“%(name)s”的部门。") % {"name": name})
    return name


def department_create(
    *,
    acting_user: User,
    organization: Organization,
    name: str,
    head: StaffMember | None = None,
    leader: StaffMember | None = None,
    members: Iterable[StaffMember] = (),
) -> Department:
    """Add a department with its head (负责人), leader (分管领导) and members."""
    _require(acting_user, organization)
    name = _clean_name(organization, name)
    people = _department_staff(organization, head, leader, members)
    order = Department.objects.filter(organization=organization).count() + 1
    with transaction.atomic():
        department = Department.objects.create(
            organization=organization, name=name, head=head, leader=leader, order=order
        )
        department.members.set(people)
        audit_record(
            actor=acting_user,
            action="creation.department_create",
            obj=department,
            after=_department_fields(department),
        )
    return department


def department_update(
    *,
    acting_user: User,
    department: Department,
    name: str,
    head: StaffMember | None,
    leader: StaffMember | None,
    members: Iterable[StaffMember],
) -> Department:
    """Rename a department or change its people."""
    organization = department.organization
    _require(acting_user, organization)
    name = _clean_name(organization, name, exclude=department.pk)
    people = _department_staff(organization, head, leader, members)
    before = _department_fields(department)
    with transaction.atomic():
        department.name, department.head, department.leader = name, head, leader
        department.save(update_fields=["name", "head", "leader"])
        department.members.set(people)
        audit_record(
            actor=acting_user,
            action="creation.department_update",
            obj=department,
            before=before,
            after=_department_fields(department),
        )
    return department


def department_remove(*, acting_user: User, department: Department) -> None:
    """Remove a department that no task or assignment uses."""
    _require(acting_user, department.organization)
    used = (
        Task.objects.filter(department=department).exists()
        or Assignment.objects.filter(department=department).exists()
    )
    if used:
        raise ValidationError(
            _("部门“%(name)s”已有责任分工或创建任务，不能删除。") % {"name": department.name}
        )
    with transaction.atomic():
        audit_record(
            actor=acting_user,
            action="creation.department_remove",
            obj=department,
            before=_department_fields(department),
        )
        department.delete()
