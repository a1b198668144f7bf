"""The writers of accounts: role assignments (三员分立) and second-factor devices.

Each runs in one transaction with its audit event. ``acting_user=None`` is the
command line (``manage.py create_administrator``), trusted as the operator's shell.
A wrong second-factor code is recorded too (``twofactor.fail``) and counts toward the
account's lockout (django-axes, as a failed password does), on top of django-otp's own
growing delay between attempts on a device.
"""

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.utils import reset as axes_reset
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from wenming.audit.services import audit_record

from .admin_roles import admin_role_of, forget_roles
from .models import Role, RoleAssignment, User
from .permissions import require_perm
from .twofactor import RECOVERY_CODE_COUNT, RECOVERY_DEVICE_NAME, pending_device


class SecondFactorRefusedError(ValidationError):
    """A wrong code; ``locked`` when it was the one that locked the account."""

    def __init__(self, message: str, *, locked: bool) -> None:
        super().__init__(message)
        self.locked = locked


def _role_payload(assignment: RoleAssignment) -> dict[str, Any]:
    return {
        "role": assignment.role,
        "region_id": assignment.region_id,
        "body_id": assignment.body_id,
        "organization_id": assignment.organization_id,
    }


def _sync_staff(user: User) -> None:
    """``is_staff`` (the admin site's door) follows holding one of the three roles."""
    forget_roles(user)
    staff = user.is_superuser or admin_role_of(user) is not None
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])


def role_assign(
    *,
    acting_user: User | None,
    user: User,
    role: Role,
    # The registry's Region, Body and Organization (a layer above: typed by their fields).
    region: Any = None,
    body: Any = None,
    organization: Any = None,
) -> RoleAssignment:
    """Give ``user`` a role within its scope; a second administrator role is refused, and
    so is any role given to oneself or mixing oversight with work (三员分立)."""
    if acting_user is not None:
        require_perm(acting_user, "accounts.assign_role")
        if acting_user.pk == user.pk:
            raise ValidationError(
                _("不能给自己分配角色（三员分立）。请由另一位安全管理员为您分配。")
            )
    with transaction.atomic():
        # One assignment to a user at a time, so two at once cannot both pass the check.
        User.objects.select_for_update().filter(pk=user.pk).first()
        assignment = RoleAssignment(
            user=user, role=role, region=region, body=body, organization=organization
        )
        assignment.full_clean()
        assignment.save()
        _sync_staff(user)
        audit_record(
            actor=acting_user, action="role.assign", obj=user, after=_role_payload(assignment)
        )
    return assignment


def role_revoke(*, acting_user: User | None, assignment: RoleAssignment) -> None:
    """Take a role away."""
    if acting_user is not None:
        require_perm(acting_user, "accounts.assign_role")
    user = assignment.user
    with transaction.atomic():
        before = _role_payload(assignment)
        assignment.delete()
        _sync_staff(user)
        audit_record(actor=acting_user, action="role.revoke", obj=user, before=before)


def totp_device_start(*, acting_user: User) -> TOTPDevice:
    """A new unconfirmed device with a fresh key, replacing any earlier pending one.

    A new key on every visit of the setup page: whoever saw an earlier page does not
    hold the key the user confirms. Refused once a device is confirmed: otherwise a
    stolen password alone could enrol a second device and pass the second factor."""
    if TOTPDevice.objects.filter(user=acting_user, confirmed=True).exists():
        raise ValidationError(_("您已绑定认证器。如需更换，请联系安全管理员重置双因素认证。"))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=acting_user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=acting_user, name="TOTP", confirmed=False)


def _clean(token: str) -> str:
    return "".join(token.split()).replace("-", "").lower()


def _refuse(request: HttpRequest, user: User, step: str) -> SecondFactorRefusedError:
    """Record a wrong code, count it toward the lockout, and say what to do."""
    with transaction.atomic():
        audit_record(actor=user, action="twofactor.fail", obj=user, after={"step": step})
    credentials = {"username": user.get_username()}
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    locked = AxesProxyHandler.is_locked(request, credentials)
    return SecondFactorRefusedError(
        _(
            "验证码不正确或已过期。请输入认证器应用中当前显示的 6 位数字，或一个未用过的恢复码；"
            "连续输错多次将锁定账号 30 分钟。"
        ),
        locked=locked,
    )


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def totp_device_confirm(
    *, acting_user: User, request: HttpRequest, token: str, device_id: int | None
) -> list[str]:
    """Confirm the enrolment of the device the page showed (``device_id``, kept in the
    session) with a code from the app; the recovery codes, to show once."""
    device = pending_device(acting_user, device_id)
    if device is None:
        raise ValidationError(_("没有待确认的认证器，请重新打开绑定页面扫描二维码。"))
    with transaction.atomic():
        confirmed = device.verify_token(_clean(token))
        if confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _new_recovery_codes(acting_user)
            audit_record(
                actor=acting_user,
                action="twofactor.enrol",
                obj=acting_user,
                after={"device": device.name, "recovery_codes": len(codes)},
            )
    if not confirmed:
        raise _refuse(request, acting_user, "enrol")
    otp_login(request, device)
    axes_reset(username=acting_user.get_username())
    return codes


def second_factor_verify(*, acting_user: User, request: HttpRequest, token: str) -> Device:
    """Pass the session's second factor with a TOTP code or a recovery code (used up)."""
    # django-otp consumes a recovery code as it matches it: in the same transaction as
    # the audit event, so a code is never used up unrecorded (nor recorded unused).
    with transaction.atomic():
        device = match_token(acting_user, _clean(token))
        if isinstance(device, StaticDevice):
            audit_record(
                actor=acting_user,
                action="twofactor.recovery_use",
                obj=acting_user,
                after={"recovery_codes_left": device.token_set.count()},
            )
    if device is None:
        raise _refuse(request, acting_user, "verify")
    otp_login(request, device)
    axes_reset(username=acting_user.get_username())
    return device


def second_factor_reset(*, acting_user: User, user: User) -> int:
    """Remove a user's devices (a lost phone): the next sign-in enrols again."""
    require_perm(acting_user, "accounts.reset_second_factor")
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[0]
        removed += StaticDevice.objects.filter(user=user).delete()[0]
        audit_record(
            actor=acting_user, action="twofactor.reset", obj=user, before={"devices": removed}
        )
    return int(removed)


def account_unlock(*, acting_user: User, user: User) -> int:
    """Lift an account's lockout (its failed attempts are cleared)."""
    require_perm(acting_user, "accounts.unlock_account")
    with transaction.atomic():
        cleared = axes_reset(username=user.get_username())
        audit_record(
            actor=acting_user, action="account.unlock", obj=user, after={"attempts": cleared}
        )
    return int(cleared)
