"""Writes of the families app: the office records its central review of a family.

``family_review_record`` is the only writer of ``FamilyReview``: one transaction, the
office's permission, the assessment stage open, every finding checked against the
award's standard, and one audit event. The application's status moves only when the
assessment stage closes (``families.stage``): a family whose every condition is met is
assessed (列入测评结果) and goes on to screening; one found short fails (测评未通过).
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record, snapshot
from wenming.campaigns.models import Application, Stage
from wenming.campaigns.stages import require_stage_open
from wenming.domain.application_states import State
from wenming.domain.checklists import ChecklistResult, checklist_result
from wenming.domain.frameworks import FrameworkError
from wenming.domain.stage_gates import StageKind
from wenming.domain.titles import AssessmentMode

from .models import FamilyReview

FIELDS = ["findings", "reasons", "comment", "passed", "complete"]
REASON_MAX = 500


def _checked(
    application: Application, findings: Mapping[str, bool], reasons: Mapping[str, str] | None
) -> tuple[ChecklistResult, dict[str, str]]:
    """The findings' outcome under the award's standard, and the reasons kept (those of
    unmet conditions), or a ValidationError in the office's words."""
    award = application.award
    if award.assessment != AssessmentMode.CENTRAL_REVIEW:
        raise ValidationError(
            _("“%(award)s”不采用集中审核认定。") % {"award": award.label}, code="not_central"
        )
    if not award.framework.is_frozen:  # awards take versions in use; a draft would move
        raise ValidationError(_("创建标准尚未启用，不能审核认定。"), code="framework_draft")
    try:
        result = checklist_result(award.framework.to_checklist(), findings)
    except FrameworkError as error:
        raise ValidationError(
            _("创建标准中没有条件 %(keys)s。") % {"keys": "、".join(error.params["conditions"])},
            code="condition_unknown",
        ) from error
    given = {k: (v or "").strip() for k, v in (reasons or {}).items() if (v or "").strip()}
    missing = [key for key in result.unmet if key not in given]
    if missing:
        raise ValidationError(
            _("条件 %(keys)s 认定为不达标，须写明理由。") % {"keys": "、".join(missing)},
            code="reason_missing",
        )
    too_long = [key for key, text in given.items() if len(text) > REASON_MAX]
    if too_long:
        raise ValidationError(
            _("条件 %(keys)s 的理由超过 %(n)s 字。")
            % {"keys": "、".join(too_long), "n": REASON_MAX}
        )
    return result, {key: given[key] for key in result.unmet}


def _locked_recommended(application: Application) -> Application:
    """The application locked, with the assessment stage's row locked as closing locks
    it: a close under way waits for this review (and moves the family on its findings),
    or this review sees the stage closed."""
    campaign = application.campaign
    Stage.objects.select_for_update().filter(campaign=campaign, kind=StageKind.ASSESSMENT).first()
    require_stage_open(campaign, StageKind.ASSESSMENT)
    current = Application.objects.select_for_update().get(pk=application.pk)
    if current.status != State.RECOMMENDED:
        raise ValidationError(
            _("“%(name)s”当前为“%(status)s”，不能再审核认定。")
            % {"name": application.organization.name, "status": current.get_status_display()},
            code="not_recommended",
        )
    return current


def family_review_record(
    *,
    acting_user: User,
    application: Application,
    findings: Mapping[str, bool],
    reasons: Mapping[str, str] | None = None,
    comment: str = "",
) -> FamilyReview:
    """Record (or correct) the office's findings on a family, condition by condition.

    A condition found not met needs its reason; findings may be partial while the office
    works through the file, and the review counts as done only when every condition has
    a finding. The same findings again change nothing and record nothing."""
    require_perm(acting_user, "campaigns.manage_campaign", application.campaign)
    result, kept_reasons = _checked(application, findings, reasons)
    fields = {
        "findings": {key: bool(met) for key, met in findings.items()},
        "reasons": kept_reasons,
        "comment": comment.strip(),
        "passed": result.passed,
        "complete": not result.unreviewed,
    }
    with transaction.atomic():
        current = _locked_recommended(application)
        review = FamilyReview.objects.filter(application=current).first()
        before = snapshot(review, FIELDS) if review is not None else None
        if review is not None and before == fields:
            return review
        review = review or FamilyReview(application=current)
        for name, value in fields.items():
            setattr(review, name, value)
        review.framework = application.award.framework
        review.reviewed_by = acting_user
        review.reviewed_at = timezone.now()
        review.save()
        audit_record(
            actor=acting_user,
            action="family.review",
            obj=current,
            before=before,
            after=snapshot(review, FIELDS),
        )
    return review
