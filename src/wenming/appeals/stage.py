"""The appeals' part of the screening stage's gate, registered in ``AppealsConfig.ready``:
screening does not close while an appeal waits for its answer (docs/rules.md#appeals)."""

from wenming.campaigns.models import Campaign
from wenming.campaigns.stages import register_stage, with_kind
from wenming.domain.stage_gates import StageFacts, StageKind

from .selectors import open_appeal_names


def appeal_facts(campaign: Campaign, facts: StageFacts) -> StageFacts:
    return with_kind(facts, open_appeals=open_appeal_names(campaign))


def register() -> None:
    register_stage(StageKind.SCREENING, appeal_facts)
