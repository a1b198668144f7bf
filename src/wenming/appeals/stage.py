"""The appeals' part of the screening stage's gate, registered in ``AppealsConfig.ready``:
screening does not close while an appeal waits for its answer, and the close form warns
while the appeal window still runs, since closing screening ends it (docs/rules.md#appeals)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from wenming.campaigns.models import Campaign
from wenming.campaigns.stages import register_stage, with_kind
from wenming.domain.stage_gates import StageFacts, StageKind

from .selectors import open_appeal_names, window_of


def _window_until(campaign: Campaign, facts: StageFacts) -> date | None:
    """The window's last day while it runs at ``facts.now``, else None."""
    try:
        window = window_of(campaign)
    except ValidationError:  # a holiday year is missing: no last day, nothing to warn of
        return None
    if window.last_day is None or timezone.localdate(facts.now) > window.last_day:
        return None
    return window.last_day


def appeal_facts(campaign: Campaign, facts: StageFacts) -> StageFacts:
    return with_kind(
        facts,
        open_appeals=open_appeal_names(campaign),
        appeal_window_until=_window_until(campaign, facts),
    )


def register() -> None:
    register_stage(StageKind.SCREENING, appeal_facts)
