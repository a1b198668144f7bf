"""What a person's roles reach: the one place that turns roles into querysets.

Office staff and committee members reach their region and everything below it
(a prefix match on the region path); supervising-body staff reach the
organizations their body supervises; an applicant contact reaches its own
organization. Administrators reach everything.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from wenming.accounts.admin_roles import assignments_of
from wenming.accounts.models import Role, RoleAssignment, User

from .models import Organization, Region

#: The administrators who keep the system's security and its audit trail, not its work.
OVERSIGHT_ROLES = frozenset({Role.SECURITY.value, Role.AUDITOR.value})


@dataclass(frozen=True)
class Scope:
    """A user's roles, loaded once per request."""

    is_admin: bool = False
    office_paths: tuple[str, ...] = ()
    committee_paths: tuple[str, ...] = ()
    body_ids: tuple[int, ...] = ()
    reviewer_body_ids: tuple[int, ...] = ()
    organization_ids: tuple[int, ...] = ()
    is_assessor: bool = False
    roles: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_office(self) -> bool:
        return self.is_admin or bool(self.office_paths)

    @property
    def works_on_campaigns(self) -> bool:
        """Holds a role in the campaigns' work: the security and audit administrators
        do not (三员分立: they keep the system's keys and its record, nothing else)."""
        return self.is_admin or bool(self.roles - OVERSIGHT_ROLES)


def scope_of(user: User | AnonymousUser | None) -> Scope:
    """The user's roles; nobody signed in (None or anonymous) reaches nothing."""
    if not isinstance(user, User) or not user.is_active:
        return Scope()
    cached = user.role_scope
    if isinstance(cached, Scope):
        return cached
    assignments = assignments_of(user)
    by_role: dict[str, list[RoleAssignment]] = {}
    for a in assignments:
        by_role.setdefault(a.role, []).append(a)
    scope = Scope(
        is_admin=user.is_superuser or Role.ADMIN in by_role,
        office_paths=_paths(by_role, Role.OFFICE),
        committee_paths=_paths(by_role, Role.COMMITTEE),
        body_ids=_ids(a.body_id for a in by_role.get(Role.BODY, [])),
        reviewer_body_ids=_ids(a.body_id for a in by_role.get(Role.REVIEWER, [])),
        organization_ids=_ids(a.organization_id for a in by_role.get(Role.APPLICANT, [])),
        is_assessor=Role.ASSESSOR in by_role,
        roles=frozenset(by_role) | ({Role.ADMIN.value} if user.is_superuser else set()),
    )
    user.role_scope = scope
    return scope


def _paths(by_role: dict[str, list[RoleAssignment]], role: Role) -> tuple[str, ...]:
    # A region role always has its region (the check constraint on RoleAssignment).
    return tuple(a.region.path for a in by_role.get(role, []) if a.region is not None)


def _ids(ids: Iterable[int | None]) -> tuple[int, ...]:
    return tuple(i for i in ids if i is not None)


def _path_q(prefix: str, paths: tuple[str, ...]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{prefix}path__startswith": path})
    return q


def organizations_for(user: User | AnonymousUser) -> QuerySet[Organization]:
    """The organizations a user may see."""
    scope = scope_of(user)
    qs = Organization.objects.all()
    if scope.is_admin:
        return qs
    q = _path_q("region__", scope.office_paths + scope.committee_paths)
    if scope.body_ids:
        q |= Q(body_id__in=scope.body_ids)
    if scope.organization_ids:
        q |= Q(pk__in=scope.organization_ids)
    if scope.is_assessor and isinstance(user, User):
        # An assessor sees the applicants assigned to the groups it sits in.
        q |= Q(
            pk__in=Organization.objects.filter(
                applications__assignments__group__members__user=user
            ).values("pk")
        )
    return qs.filter(q)


def organizations_editable_by(user: User | AnonymousUser) -> QuerySet[Organization]:
    """The organizations a user may change: office staff within their region."""
    scope = scope_of(user)
    qs = Organization.objects.all()
    if scope.is_admin:
        return qs
    return qs.filter(_path_q("region__", scope.office_paths))


def contact_in_full(scope: Scope, organization_id: int, region_path: str) -> bool:
    """Whether an organization's contact phone is shown unmasked: to the offices that keep
    its record (its region and above) and to its own contact; masked for everyone else who
    may read it (docs/rules.md#accounts-security). Works on plain values, so a list or an
    export decides per row without a query."""
    if scope.is_admin or organization_id in scope.organization_ids:
        return True
    return any(region_path.startswith(path) for path in scope.office_paths)


def regions_for(user: User | AnonymousUser) -> QuerySet[Region]:
    """Regions a user may see: their own regions, those below, and those above them."""
    scope = scope_of(user)
    if scope.is_admin:
        return Region.objects.all()
    paths = scope.office_paths + scope.committee_paths
    q = _path_q("", paths)
    for path in paths:
        # The chain of regions above, so a county office sees which city it is in.
        parts = path.strip("/").split("/")
        q |= Q(code__in=parts)
    orgs = organizations_for(user).values("region__path")
    if scope.body_ids or scope.organization_ids:
        q |= Q(path__in=orgs)
    return Region.objects.filter(q)


def regions_editable_by(user: User | AnonymousUser) -> QuerySet[Region]:
    """Regions where a user may register organizations."""
    scope = scope_of(user)
    if scope.is_admin:
        return Region.objects.all()
    return Region.objects.filter(_path_q("", scope.office_paths))
