"""Which campaigns' assessment data a user reads as an office: the filter the REST API
applies to rankings, questionnaires, marks and the rest."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from wenming.accounts.models import User
from wenming.registry.scopes import scope_of


def office_q(user: User | AnonymousUser, prefix: str) -> Q | None:
    """Rows (reached through ``prefix``, e.g. ``"application__"``) of the campaigns run by
    the user's offices, at or below them; None for an administrator, who sees them all."""
    scope = scope_of(user if isinstance(user, User) else None)
    if scope.is_admin:
        return None
    q = Q(pk__in=[])
    for path in scope.office_paths:
        q |= Q(**{f"{prefix}campaign__office__path__startswith": path})
    return q
