"""Writes on a stage's timeline that are not opening or closing it (``campaigns.stages``
does those): extending its deadline, with the reason (docs/rules.md#stage-deadlines)."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record

from ..models import DeadlineExtension, Stage


def stage_extend(
    *, acting_user: User, stage: Stage, closes_at: datetime, reason: str
) -> DeadlineExtension:
    """Move a stage's deadline; the reason is required and recorded
    (docs/rules.md#stage-deadlines)."""
    require_perm(acting_user, "campaigns.manage_campaign", stage.campaign)
    if not reason.strip():
        raise ValidationError(_("延期必须说明原因。"))
    if closes_at <= stage.opens_at:
        raise ValidationError(_("新的截止时间必须晚于阶段开始时间。"))
    with transaction.atomic():
        current = Stage.objects.select_for_update().get(pk=stage.pk)
        extension = DeadlineExtension.objects.create(
            stage=current,
            previous_closes_at=current.closes_at,
            new_closes_at=closes_at,
            reason=reason.strip(),
            extended_by=acting_user,
        )
        before = {"closes_at": current.closes_at.isoformat()}
        current.closes_at = closes_at
        current.save(update_fields=["closes_at"])
        audit_record(
            actor=acting_user,
            action="stage.extend",
            obj=current.campaign,
            before=before | {"stage": current.kind},
            after={"closes_at": closes_at.isoformat(), "stage": current.kind, "reason": reason},
        )
    return extension
