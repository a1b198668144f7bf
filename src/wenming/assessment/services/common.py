"""Helpers shared by the assessment services."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wenming.campaigns.models import Campaign, Stage, StageKind
from wenming.campaigns.stages import StageClosed, require_stage_open


def ratio(value: Any, label: str) -> Decimal:
    """A sampling ratio between 0 and 1, as an exact Decimal."""
    try:
        result = Decimal(str(value).strip())
    except InvalidOperation as error:
        message = _("%(label)s“%(v)s”不是数字。") % {"label": label, "v": value}
        raise ValidationError(message) from error
    if not result.is_finite() or not Decimal(0) <= result <= Decimal(1):
        raise ValidationError(
            _("%(label)s应在 0 到 1 之间（如 0.5 表示 50%%）。") % {"label": label}
        )
    return result


def require_assessment_open(campaign: Campaign) -> Stage:
    """The campaign's assessment stage, or StageClosed when its actions are not allowed
    (not started, past its deadline, closed, or recommendation still open)."""
    return require_stage_open(campaign, StageKind.ASSESSMENT)


def refuse_once_assessment_closed(campaign: Campaign) -> None:
    """Set-up (rounds, groups, members, conflicts, sampling ratios) may come before the
    assessment opens, but nothing of it changes once the stage is closed."""
    stage = Stage.objects.filter(campaign=campaign, kind=StageKind.ASSESSMENT).first()
    if stage is not None and stage.closed_at is not None:
        raise StageClosed(stage)
