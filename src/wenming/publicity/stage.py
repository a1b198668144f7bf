"""The publicity stage's gate facts and its close, registered in ``PublicityConfig.ready``.

The gate holds once the list was published, its computed end (the close of the Nth
working day) has passed, and no objection is open.
"""

from datetime import datetime, time

from django.db.models import Count, Q
from django.utils import timezone

from wenming.campaigns.models import Campaign
from wenming.campaigns.stages import register_stage, with_kind
from wenming.domain.stage_gates import StageFacts, StageKind

from .models import ObjectionStatus, Publicity
from .services import close_publicity


def ends_at(publicity: Publicity) -> datetime:
    """Publicity ends at the close of its last working day, in the office's time zone."""
    return timezone.make_aware(datetime.combine(publicity.ends_on, time.max))


def publicity_facts(campaign: Campaign, facts: StageFacts) -> StageFacts:
    publicity = (
        Publicity.objects.filter(campaign=campaign)
        .annotate(open_count=Count("objections", filter=Q(objections__status=ObjectionStatus.OPEN)))
        .first()
    )
    if publicity is None:
        return with_kind(facts, published=False)
    return with_kind(
        facts,
        published=True,
        publicity_ends_at=ends_at(publicity),
        open_objections=publicity.open_count,
    )


def register() -> None:
    register_stage(StageKind.PUBLICITY, publicity_facts, on_close=close_publicity)
