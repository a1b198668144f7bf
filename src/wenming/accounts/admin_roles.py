"""What each of the three administrators (三员分立) may do in the admin site.

Django's admin asks ``user.has_perm("<app>.<action>_<model>")``; ``AdminRoleBackend``
(``backends.py``) answers from the table below, so the role held is the one source of
an administrator's powers: no group or per-user permission to keep in step with it.
``is_staff`` (the admin site's door) is kept equal to holding one of the three roles by
the role services.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from wenming.compiled import compiled

from .models import ADMIN_ROLES, STAFF_ROLES, Role, RoleAssignment, User


def _crud(model: str, *actions: str) -> frozenset[str]:
    app, name = model.split(".")
    return frozenset(f"{app}.{action}_{name}" for action in actions)


ADMIN_PERMISSIONS: dict[Role, frozenset[str]] = {
    # Users (not deleted, deactivated: the audit trail keeps naming them), regions, bodies.
    Role.ADMIN: _crud("accounts.user", "view", "add", "change")
    | _crud("registry.region", "view", "add", "change", "delete")
    | _crud("registry.body", "view", "add", "change", "delete"),
    # Roles and scopes (assigned and revoked, never edited in place), lockouts, devices;
    # users read-only, to find whom to assign.
    Role.SECURITY: _crud("accounts.roleassignment", "view", "add", "delete")
    | _crud("accounts.user", "view")
    | _crud("axes.accessattempt", "view", "delete")
    | _crud("axes.accesslog", "view")
    | _crud("axes.accessfailurelog", "view")
    | _crud("otp_totp.totpdevice", "view", "delete")
    | _crud("otp_static.staticdevice", "view", "delete"),
    # Nothing in the admin site: the audit administrator reads and verifies the trail
    # (sign-ins included) on his own page (accounts:audit_trail), and changes nothing.
    Role.AUDITOR: frozenset(),
}

_CACHE = "_wenming_assignments"


def assignments_of(user: AbstractBaseUser | AnonymousUser | None) -> tuple[RoleAssignment, ...]:
    """The user's role assignments with their regions' paths, read once per loaded user (as
    Django keeps ``_perm_cache``). The roles (``roles_of``, the second-factor check of every
    request) and the scope (``registry.scopes.scope_of``, every permission) both come from
    this one query."""
    if not isinstance(user, User) or not user.is_active or user.pk is None:
        return ()
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = tuple(_assignments.list(user.pk))
        setattr(user, _CACHE, cached)
    return cached


@compiled
def _assignments(user_pk: int) -> QuerySet[RoleAssignment]:
    # Read on every request (the second-factor check): compiled once (wenming.compiled).
    return (
        RoleAssignment.objects.filter(user_id=user_pk)
        .select_related("region")
        .only("role", "region__path", "body_id", "organization_id")
    )


def roles_of(user: AbstractBaseUser | AnonymousUser | None) -> frozenset[str]:
    """The roles a user holds."""
    return frozenset(a.role for a in assignments_of(user))


def forget_roles(user: User) -> None:
    """Drop the cached roles after an assignment changes (the next read queries again)."""
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)
    user.role_scope = None


def admin_role_of(user: AbstractBaseUser | AnonymousUser | None) -> Role | None:
    """The one administrator role a user holds, if any."""
    held = roles_of(user)
    return next((role for role in ADMIN_ROLES if role in held), None)


def holds(user: AbstractBaseUser | AnonymousUser | None, role: Role) -> bool:
    return role in roles_of(user)


def admin_permissions(user: AbstractBaseUser | AnonymousUser | None) -> frozenset[str]:
    """The admin-site permissions the user's administrator role grants."""
    role = admin_role_of(user)
    return ADMIN_PERMISSIONS[role] if role is not None else frozenset()


def is_staff_role_holder(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """Whether the user works for an office or administers the system (2FA is theirs)."""
    if isinstance(user, User) and (user.is_superuser or user.is_staff):
        return True
    return bool(roles_of(user) & {r.value for r in STAFF_ROLES})
