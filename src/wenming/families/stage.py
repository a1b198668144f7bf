"""The families' part of the assessment stage's gate, and what closing the stage does
to them (registered in ``FamiliesConfig.ready``).

The stage may close only when every recommended family has a complete central review.
Closing moves each one through the state machine: every condition met → 列入测评结果
(it goes on to screening, publicity and approval like any applicant); any condition not
met → 测评未通过, with the conditions named in its comment.
"""

from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.campaigns.models import Application, Campaign
from wenming.campaigns.services import application_move
from wenming.campaigns.stages import register_stage, with_kind
from wenming.domain.application_states import Action
from wenming.domain.stage_gates import StageFacts, StageKind

from .selectors import reviewable, unreviewed_names


def family_facts(campaign: Campaign, facts: StageFacts) -> StageFacts:
    """The gate's ``unreviewed``: the families still without a complete review."""
    return with_kind(facts, unreviewed=unreviewed_names(campaign))


def move_reviewed(acting_user: User, campaign: Campaign) -> None:
    """In the closing transaction: passed families are assessed, the others fail."""
    passed: list[Application] = []
    failed: list[Application] = []
    for application in reviewable(campaign):
        review = application.family_review
        (passed if review.passed else failed).append(application)
    application_move(acting_user=acting_user, applications=passed, action=Action.ASSESS)
    for application in failed:
        unmet = [key for key, met in application.family_review.findings.items() if not met]
        application_move(
            acting_user=acting_user,
            applications=application,
            action=Action.FAIL_ASSESSMENT,
            comment=_("集中审核认定未通过：条件 %(keys)s 不达标。") % {"keys": "、".join(unmet)},
        )


def register() -> None:
    """Called from ``FamiliesConfig.ready``."""
    register_stage(StageKind.ASSESSMENT, family_facts, on_close=move_reviewed)
