"""Assessors' marks: saved one clause and method at a time, as they are entered."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record
from wenming.frameworks.models import Framework

from ..models import Assignment, Mark, MarkMethod
from ..population import ASSESSABLE
from ..selectors.marking_reads import conflict, mark_locked
from ..sheet import sheet
from .common import require_assessment_open


@dataclass(frozen=True)
class Saved:
    mark: Mark
    changed: bool  # False when the same points were already saved (a retried request)


def _points(value: Any) -> Decimal:
    try:
        points = Decimal(str(value).strip())
    except InvalidOperation as error:
        raise ValidationError(_("得分“%(v)s”不是数字。") % {"v": value}) from error
    if not points.is_finite():
        raise ValidationError(_("得分“%(v)s”不是数字。") % {"v": value})
    return points


def _locked(key: dict[str, Any]) -> Mark | None:
    """The saved mark of ``key``, locked until the transaction ends, or None (its own row
    only: ``marking_reads.mark_locked``)."""
    return mark_locked.first(
        key["round_id"], key["application_id"], key["assessor_id"], key["clause_key"], key["method"]
    )


def _existing(key: dict[str, Any]) -> Mark | None:
    """The first look: the mark of ``key`` saved before, locked, or None."""
    return _locked(key)


def _insert_or_lock(
    key: dict[str, Any], *, points: Decimal, framework: Framework
) -> tuple[Mark, bool]:
    """Insert the mark of ``key`` (True), or lock the one a simultaneous first save inserted
    before us (False), so that save becomes an update rather than a unique-constraint 500.

    The insert runs in a savepoint: losing the race then leaves the outer transaction usable.
    """
    try:
        with transaction.atomic():
            return Mark.objects.create(**key, points=points, framework=framework), True
    except IntegrityError:
        winner = _locked(key)
        if winner is None:  # not the race: another constraint refused the row, say so
            raise
        return winner, False


def _method_label(method: str) -> str:
    return str(MarkMethod(method).label) if method in MarkMethod.values else method


def mark_save(
    *,
    acting_user: User,
    assignment: Assignment,
    clause_key: str,
    method: str,
    points: Any,
) -> Saved:
    """Save one assessor's points for one clause and method of an assigned applicant.

    Only members of the assigned group mark, only while the assessment stage is open, only
    0..the clause's points in the framework's step, and always against the award's frozen
    framework version. Saving the same points again changes nothing and records nothing.
    """
    require_perm(acting_user, "assessment.mark", assignment)
    application = assignment.application
    campaign = application.campaign
    framework_row = application.award.framework
    if not framework_row.is_frozen:
        raise ValidationError(_("测评体系尚未定稿（仍是草稿），不能评分。"))
    framework = framework_row.to_framework()
    entry = sheet(framework).get(clause_key)
    if entry is None:
        raise ValidationError(_("测评体系中没有需要评分的要点“%(key)s”。") % {"key": clause_key})
    if method not in entry.methods:
        raise ValidationError(
            _("评分要点 %(key)s 不采用“%(method)s”方式。")
            % {"key": clause_key, "method": _method_label(method)}
        )
    value = _points(points)
    if value < 0 or value > entry.clause.points:
        raise ValidationError(
            _("评分要点 %(key)s 的得分应在 0 到 %(max)s 之间。")
            % {"key": clause_key, "max": entry.clause.points}
        )
    if value % framework.step != 0:
        raise ValidationError(_("得分须为 %(step)s 的整数倍。") % {"step": framework.step})
    if application.status not in ASSESSABLE:
        raise ValidationError(
            _("该申报当前状态为“%(s)s”，不再测评。") % {"s": application.get_status_display()}
        )
    if conflict.list(application.pk, acting_user.pk, assignment.group_id):
        raise PermissionDenied(_("您已对该申报声明回避，不能评分。"))
    with transaction.atomic():
        require_assessment_open(campaign)
        key = {
            "round_id": assignment.round_id,
            "application_id": application.pk,
            "assessor_id": acting_user.pk,
            "clause_key": clause_key,
            "method": method,
        }
        mark = _existing(key)
        created = False
        if mark is None:
            mark, created = _insert_or_lock(key, points=value, framework=framework_row)
        if not created and mark.points == value and mark.framework_id == framework_row.pk:
            return Saved(mark, False)
        before = None if created else {"points": str(mark.points)}
        if not created:
            mark.points = value
            mark.framework = framework_row
            mark.save(update_fields=["points", "framework", "updated_at"])
        where = {"round": assignment.round_id, "clause": clause_key, "method": method}
        audit_record(
            actor=acting_user,
            action="assessment.mark_save",
            obj=application,
            before=before and before | where,
            after=where | {"points": str(value), "framework": framework_row.pk},
        )
    return Saved(mark, True)
