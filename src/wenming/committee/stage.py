"""The approval and naming stages' gate facts, registered in ``CommitteeConfig.ready``.

Approval's gate holds once a quorate meeting approved the list (an approval is refused
without the quorum, and freezes the meeting); naming's once every application the
meeting approved has been named.
"""

from wenming.campaigns.models import Campaign
from wenming.campaigns.stages import register_stage, with_kind
from wenming.domain.application_states import State
from wenming.domain.stage_gates import StageFacts, StageKind

from .models import ListEntry, Meeting, Outcome


def approval_facts(campaign: Campaign, facts: StageFacts) -> StageFacts:
    approved = Meeting.objects.filter(campaign=campaign, approved_at__isnull=False).exists()
    return with_kind(facts, approved=approved)


def naming_facts(campaign: Campaign, facts: StageFacts) -> StageFacts:
    unnamed = tuple(
        ListEntry.objects.filter(
            meeting__campaign=campaign,
            outcome=Outcome.APPROVED,
            application__status=State.APPROVED,
        )
        .order_by("application__organization__name")
        .values_list("application__organization__name", flat=True)
    )
    return with_kind(facts, unnamed=unnamed)


def register() -> None:
    register_stage(StageKind.APPROVAL, approval_facts)
    register_stage(StageKind.NAMING, naming_facts)
