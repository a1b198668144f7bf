"""What screening waits for (待办): a reviewer's requests to answer, and the departments
that have not answered the office's round. Registered in ``ScreeningConfig.ready``."""

from datetime import datetime

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.todo import Todo, register_todo
from wenming.documents.style import datetime_words
from wenming.registry.scopes import scope_of

from .models import ScreeningRequest, ScreeningRound


def _when(value: datetime) -> str:
    return datetime_words(value)


def reviewer_todo(user: User) -> list[Todo]:
    """A member department's reviewer: each open request with applicants still to answer."""
    body_ids = scope_of(user).reviewer_body_ids
    if not body_ids:
        return []
    requests = (
        ScreeningRequest.objects.filter(
            body_id__in=body_ids, answered_at__isnull=True, round__closed_at__isnull=True
        )
        .select_related("round__campaign", "body")
        .annotate(
            listed=Count("round__entries", distinct=True),
            given=Count("answers", distinct=True),
        )
        .order_by("round__deadline", "id")
    )
    now = timezone.now()
    return [
        Todo(
            label=_("%(body)s：征求意见待答复") % {"body": r.body.name},
            count=r.listed - r.given,
            url=reverse("screening:answer", args=[r.pk]),
            detail=_("%(campaign)s，%(deadline)s 截止")
            % {"campaign": r.round.campaign.name, "deadline": _when(r.round.deadline)},
            urgent=now > r.round.deadline,
            group=_("征求意见"),
        )
        for r in requests
    ]


def office_todo(user: User) -> list[Todo]:
    """The running office: per open round, the member departments not yet answered."""
    scope = scope_of(user)
    if not scope.is_office:
        return []
    rounds = ScreeningRound.objects.filter(closed_at__isnull=True)
    if not scope.is_admin:
        q = Q(pk__in=[])
        for path in scope.office_paths:
            q |= Q(campaign__office__path__startswith=path)
        rounds = rounds.filter(q)
    rounds = (
        rounds.select_related("campaign")
        .annotate(unanswered=Count("requests", filter=Q(requests__answered_at__isnull=True)))
        .filter(unanswered__gt=0)
        .order_by("deadline", F("id"))
    )
    now = timezone.now()
    return [
        Todo(
            label=_("成员单位未答复征求意见"),
            count=r.unanswered,
            url=reverse("screening:round", args=[r.pk]),
            detail=_("%(campaign)s，%(deadline)s 截止；可催办或代录书面复函")
            % {"campaign": r.campaign.name, "deadline": _when(r.deadline)},
            urgent=now > r.deadline,
            group=_("征求意见"),
        )
        for r in rounds
    ]


def register() -> None:
    register_todo(reviewer_todo)
    register_todo(office_todo)
