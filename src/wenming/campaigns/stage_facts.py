"""The facts of the application and recommendation stages' gates, from this app's data.

Registered with ``stages.register_stage`` in ``CampaignsConfig.ready``; the later stages'
facts come from the apps that keep them.
"""

from django.db.models import Q, QuerySet

from wenming.domain.application_states import State
from wenming.domain.stage_gates import StageFacts, StageKind

from .models import Application, Campaign, ExceptionalStatus, Recommendation
from .stages import register_stage, with_kind


def _names(queryset: QuerySet[Application]) -> tuple[str, ...]:
    """The organizations' names of the applications, for a gate's message."""
    return tuple(queryset.values_list("organization__name", flat=True))


def application_facts(campaign: Campaign, facts: StageFacts) -> StageFacts:
    pending = Application.objects.filter(
        campaign=campaign, status=State.SUBMITTED, exceptional=ExceptionalStatus.PENDING
    ).order_by("organization__name")
    return with_kind(facts, exceptional_pending=_names(pending))


def recommendation_facts(campaign: Campaign, facts: StageFacts) -> StageFacts:
    undecided = Application.objects.filter(campaign=campaign, status=State.SUBMITTED).order_by(
        "organization__name"
    )
    recommended = Application.objects.filter(campaign=campaign, status=State.RECOMMENDED)
    units = set(recommended.values_list("region_id", "body_id").distinct())
    reported = set(
        Recommendation.objects.filter(campaign=campaign, submitted_at__isnull=False).values_list(
            "region_id", "body_id"
        )
    )
    missing = units - reported
    names: list[str] = []
    if missing:
        rows = (
            recommended.filter(Q(*[Q(region_id=r, body_id=b) for r, b in missing], _connector=Q.OR))
            .values_list("region__name", "body__name")
            .distinct()
        )
        names = sorted({region or body for region, body in rows})
    return with_kind(facts, undecided=_names(undecided), units_without_report=tuple(names))


def register() -> None:
    register_stage(StageKind.APPLICATION, application_facts)
    register_stage(StageKind.RECOMMENDATION, recommendation_facts)
