"""Which assessment rows a user reads through the REST API: the office running a
campaign reads everything of it; an assessor what concerns the applicants assigned to
its groups (docs/rules.md#assessment)."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.views import APIView

from wenming.accounts.models import User
from wenming.registry.scopes import scope_of

from ..models import Assignment


class OfficeOrAssessor(permissions.BasePermission):
    """Office staff and assessors read the assessment endpoints (each scoped)."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        scope = scope_of(request.user)
        return scope.is_office or scope.is_assessor


class OfficeOnly(permissions.BasePermission):
    """Only office staff read rankings and questionnaires."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return scope_of(request.user).is_office


def office_q(user: User | AnonymousUser, prefix: str) -> Q | None:
    """Rows (reached through ``prefix``, e.g. ``"application__"``) of the campaigns run by
    the user's offices, at or below them; None for an administrator, who sees them all."""
    scope = scope_of(user)
    if scope.is_admin:
        return None
    q = Q(pk__in=[])
    for path in scope.office_paths:
        q |= Q(**{f"{prefix}campaign__office__path__startswith": path})
    return q


def assigned(
    user: User | AnonymousUser,
    round_field: str = "round_id",
    application_field: str = "application_id",
) -> Exists:
    """Rows about an applicant that one of the user's groups is assigned, in that round."""
    if not isinstance(user, User):
        return Exists(Assignment.objects.none())
    return Exists(
        Assignment.objects.filter(
            round_id=OuterRef(round_field),
            application_id=OuterRef(application_field),
            group__members__user=user,
        )
    )


def scoped[M: Model](
    qs: QuerySet[M], user: User | AnonymousUser, prefix: str, mine: Q | Exists | None = None
) -> QuerySet[M]:
    """``qs`` as the user may read it: the office's campaigns' rows, or else those
    ``mine`` selects (nothing more when ``mine`` is None)."""
    office = office_q(user, prefix)
    if office is None:
        return qs
    return qs.filter(office if mine is None else office | Q(mine))


def assigned_rows[M: Model](qs: QuerySet[M], user: User | AnonymousUser) -> QuerySet[M]:
    """Rows of a round and an applicant (assignments, samples, marks) the user may read."""
    return scoped(qs, user, "round__", assigned(user))
