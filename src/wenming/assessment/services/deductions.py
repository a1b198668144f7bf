"""Deductions (减分): recorded one at a time with their reason, by the office running the
campaign or by an assessor of a group assigned to the application (the permission
``assessment.record_deduction`` in ``assessment/rules.py``). They reach the
ranking's total and breakdown at its next computation."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record, snapshot
from wenming.campaigns.models import Application

from ..models import DeductionRecord


def deduction_record(
    *, acting_user: User, application: Application, key: str, count: str | int, reason: str
) -> DeductionRecord:
    """Record that deduction item ``key`` of the application's framework applies ``count``
    times, and why."""
    require_perm(acting_user, "assessment.record_deduction", application)
    if application.award.framework.is_checklist:
        raise ValidationError(
            _("“%(award)s”按创建标准审核认定，没有减分项目。") % {"award": application.award.label}
        )
    items = {d.key: d for d in application.award.framework.to_framework().deductions}
    if key not in items:
        raise ValidationError(_("测评体系中没有减分项目“%(key)s”。") % {"key": key})
    try:
        count = int(count)
    except (TypeError, ValueError):
        count = 0
    if count < 1:
        raise ValidationError(_("减分项目“%(key)s”的次数应为正整数。") % {"key": key})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("请填写减分原因。"))
    with transaction.atomic():
        record = DeductionRecord.objects.create(
            application=application,
            key=key,
            count=count,
            reason=reason[:500],
            recorded_by=acting_user,
        )
        audit_record(
            actor=acting_user,
            action="assessment.deduction_record",
            obj=application,
            after=snapshot(record, ["key", "count", "reason"]),
        )
    return record
