"""The facts of the assessment stage's gate, and what closing the stage does.

Registered with ``campaigns.stages.register_stage`` in ``AssessmentConfig.ready``. The
stage closes when the campaign has rounds, every applicant of each round's scope is
assigned, every member of each assigned group has given a complete mark set (or the
office recorded why not, ``MarkSetWaiver``), and the ranking was computed after the last
change. Closing freezes the ranking (``services.ranking_freeze``): screening takes the
frozen list.
"""

from wenming.accounts.models import User
from wenming.campaigns.models import Campaign
from wenming.campaigns.stages import register_stage, with_kind
from wenming.domain.stage_gates import StageFacts, StageKind
from wenming.domain.titles import AssessmentMode

from .selectors import mark_progress, ranking_is_current
from .services.ranking import ranking_freeze


def assessment_facts(campaign: Campaign, facts: StageFacts) -> StageFacts:
    """Rounds, unassigned applicants, missing mark sets and the ranking's currency, in a
    fixed number of queries whatever the number of applicants."""
    progress = mark_progress(campaign)
    several = len(progress.rounds) > 1
    unassigned = dict.fromkeys(
        f"{application.organization.name}（{round_.name}）"
        if several
        else application.organization.name
        for round_, application in progress.unassigned
    )
    return with_kind(
        facts,
        # Families and cities take their own paths: rounds are needed only for marks.
        needs_rounds=campaign.awards.filter(assessment=AssessmentMode.SCORED).exists(),
        rounds=len(progress.rounds),
        unassigned=tuple(unassigned),
        missing_mark_sets=tuple(m.label for m in progress.missing),
        ranking_current=ranking_is_current(campaign),
    )


def freeze_ranking(acting_user: User, campaign: Campaign) -> None:
    """Closing the assessment freezes the ranking, in the closing transaction."""
    ranking_freeze(acting_user=acting_user, campaign=campaign)


def register() -> None:
    register_stage(StageKind.ASSESSMENT, assessment_facts, on_close=freeze_ranking)
