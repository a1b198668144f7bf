"""Reads of publicity for pages and the API, each in a fixed number of queries."""

from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from wenming.accounts.models import User
from wenming.campaigns.models import Campaign, Stage
from wenming.campaigns.stages import stage_is_open
from wenming.domain.application_states import State
from wenming.domain.stage_gates import StageKind
from wenming.registry.scopes import scope_of

from .models import Objection, ObjectionStatus, Publicity, PublicityEntry


def _listed() -> Prefetch[str, QuerySet[PublicityEntry], str]:
    entries = PublicityEntry.objects.filter(application__status=State.PUBLISHED).select_related(
        "application__organization",
        "application__award",
        "application__region",
        "application__body",
    )
    return Prefetch("entries", queryset=entries)


def current() -> QuerySet[Publicity]:
    """Publicities not yet closed, with the applicants still on their list (their
    ``entries`` are only those still published)."""
    return (
        Publicity.objects.filter(closed_at__isnull=True)
        .select_related("campaign")
        .prefetch_related(_listed())
    )


#: The states of the applicants a list keeps once publicity is over: those it carried
#: through (approved and named later); those removed on an upheld objection drop off.
_KEPT = (State.PUBLISHED, State.APPROVED, State.NAMED)


def readable() -> QuerySet[Publicity]:
    """Every publicity, current or finished, with the applicants its list still shows: a
    finished publicity stays readable (marked 已结束) at its address."""
    entries = PublicityEntry.objects.filter(application__status__in=_KEPT).select_related(
        "application__organization", "application__award"
    )
    return Publicity.objects.select_related("campaign").prefetch_related(
        Prefetch("entries", queryset=entries)
    )


def campaigns_managed(user: User) -> QuerySet[Campaign]:
    """Campaigns the user's office runs, with their screened count and publicity."""
    scope = scope_of(user)
    campaigns = Campaign.objects.all()
    if not scope.is_admin:
        q = Q(pk__in=[])
        for path in scope.office_paths:
            q |= Q(office__path__startswith=path)
        campaigns = campaigns.filter(q)
    return (
        campaigns.select_related("publicity")
        .annotate(screened=Count("applications", filter=Q(applications__status=State.SCREENED)))
        .annotate(
            open_objections=Count(
                "publicity__objections",
                filter=Q(publicity__objections__status=ObjectionStatus.OPEN),
                distinct=True,
            )
        )
        .order_by("-edition", "id")
    )


def objections_of(publicity: Publicity) -> list[Objection]:
    return list(
        publicity.objections.select_related(
            "application__organization", "application__award", "promoted__organization"
        )
    )


def objections_visible_to(user: User) -> QuerySet[Objection]:
    scope = scope_of(user)
    qs = Objection.objects.select_related(
        "application__organization", "publicity__campaign__office"
    )
    if scope.is_admin:
        return qs
    q = Q(pk__in=[])
    for path in scope.office_paths:
        q |= Q(publicity__campaign__office__path__startswith=path)
    return qs.filter(q)


def publicity_stage(campaign: Campaign) -> Stage | None:
    return Stage.objects.filter(campaign=campaign, kind=StageKind.PUBLICITY).first()


def is_over(publicity: Publicity, today: date | None = None) -> bool:
    """Whether the publicity has finished (closed, or its period past): its page then
    reads 已结束. Asks nothing of the database."""
    today = today or timezone.localdate()
    return publicity.closed_at is not None or today > publicity.ends_on


def accepts_objections(publicity: Publicity, today: date | None = None) -> bool:
    """Whether the public may still object: within the publicity period, and the
    publicity stage open (not closed by the office)."""
    if is_over(publicity, today):
        return False
    stage = Stage.objects.filter(campaign_id=publicity.campaign_id, kind=StageKind.PUBLICITY)
    return any(stage_is_open(s) for s in stage)
