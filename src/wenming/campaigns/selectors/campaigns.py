"""Reads of campaigns that need thought: what a person may see, and each campaign's
timeline as a person reads it."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from wenming.accounts.models import User
from wenming.registry.scopes import scope_of

from ..models import STAGE_ORDER, Application, Campaign, Stage


def campaigns_for(user: User) -> QuerySet[Campaign]:
    """Campaigns are public within the system: every person with a role sees them all
    (an applicant must see where it can apply); managing them is checked separately."""
    return Campaign.objects.select_related("office", "parent").annotate(
        application_count=Count("applications", filter=~Q(applications__status="draft"))
    )


@dataclass(frozen=True)
class TimelineStage:
    stage: Stage
    state: str  # "done", "open", "upcoming"
    extended: bool


def timeline(campaign: Campaign, now: datetime | None = None) -> list[TimelineStage]:
    now = now or timezone.now()
    stages = sorted(
        campaign.stages.annotate(extension_count=Count("extensions")),
        key=lambda s: STAGE_ORDER.index(s.kind),
    )
    out = []
    for stage in stages:
        if stage.closes_at < now:
            state = "done"
        elif stage.opens_at <= now:
            state = "open"
        else:
            state = "upcoming"
        out.append(TimelineStage(stage, state, stage.extension_count > 0))
    return out


def applications_of_organizations(user: User, campaign: Campaign) -> QuerySet[Application]:
    """The applications of the organizations the user is the contact for."""
    scope = scope_of(user)
    return (
        Application.objects.filter(campaign=campaign, organization_id__in=scope.organization_ids)
        .select_related("award", "organization")
        .prefetch_related(Prefetch("evidence"))
    )
