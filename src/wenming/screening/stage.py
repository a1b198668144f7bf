"""The screening stage's gate facts and its close, registered in ``ScreeningConfig.ready``.

The gate holds once the list was sent and every member department answered for every
applicant on it, in the system or through the office entering its letter (代录).
Closing the stage closes the round (``services.close_round``).
"""

from wenming.campaigns.models import Campaign
from wenming.campaigns.stages import register_stage, with_kind
from wenming.domain.stage_gates import StageFacts, StageKind

from .models import ScreeningRequest, ScreeningRound
from .services import close_round


def screening_facts(campaign: Campaign, facts: StageFacts) -> StageFacts:
    sent = ScreeningRound.objects.filter(campaign=campaign).exists()
    unanswered = tuple(
        ScreeningRequest.objects.filter(round__campaign=campaign, answered_at__isnull=True)
        .order_by("body__name")
        .values_list("body__name", flat=True)
    )
    return with_kind(facts, screening_sent=sent, unanswered=unanswered)


def register() -> None:
    register_stage(StageKind.SCREENING, screening_facts, on_close=close_round)
