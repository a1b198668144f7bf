"""Reads of committee meetings and naming, each in a fixed number of queries."""

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from wenming.campaigns.models import Application, Campaign
from wenming.domain.application_states import State
from wenming.registry.scopes import scope_of

from .codes import normalize
from .models import Certificate, ListEntry, Meeting, NamingDecision, Vote


def campaigns_for(user: Any) -> QuerySet[Campaign]:
    """Campaigns whose committee work the user may see: run by an office at or below the
    user's office or committee region."""
    scope = scope_of(user)
    qs = Campaign.objects.select_related("office")
    if scope.is_admin:
        return qs
    q = Q(pk__in=[])
    for path in scope.office_paths + scope.committee_paths:
        q |= Q(office__path__startswith=path)
    return qs.filter(q)


def meetings_for(user: Any) -> QuerySet[Meeting]:
    """Meetings the user may read, with what a list shows."""
    return (
        Meeting.objects.filter(campaign__in=campaigns_for(user))
        .select_related("campaign", "decision")
        .prefetch_related("members")
    )


def published_list(campaign: Campaign) -> QuerySet[Application]:
    """The list awaiting approval: the campaign's published applications."""
    return (
        Application.objects.filter(campaign=campaign, status=State.PUBLISHED)
        .select_related("organization", "award")
        .order_by("award__category", "award__level", "award__model", "rank", "id")
    )


def certificates() -> QuerySet[Certificate]:
    """Certificates with everything a certificate shows."""
    return Certificate.objects.select_related(
        "title", "decision", "application__organization", "application__award"
    ).order_by("application__award__category", "application__award__model", "id")


def meeting_detail(pk: int) -> Meeting:
    """A meeting with its members, votes, list, decision and certificates."""
    return (
        Meeting.objects.select_related("campaign__office", "approved_by")
        .prefetch_related(
            "members",
            Prefetch(
                "votes",
                Vote.objects.select_related("application__organization", "application__award"),
            ),
            Prefetch(
                "entries",
                ListEntry.objects.select_related(
                    "application__organization", "application__award"
                ).order_by("application__award_id", "application__rank", "application_id"),
            ),
        )
        .get(pk=pk)
    )


def decision_of(meeting: Meeting) -> NamingDecision | None:
    return NamingDecision.objects.filter(meeting=meeting).first()


def certificate_by_code(text: str) -> Certificate | None:
    """The certificate a typed code names, or None."""
    code = normalize(text)
    if not code or len(code) > 16:
        return None
    return certificates().select_related("decision__meeting__campaign").filter(code=code).first()
