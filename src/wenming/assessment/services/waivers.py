"""Why a mark set is missing (缺评原因): the office records it, so the assessment stage can
close without inventing marks; it can also take the record back."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record, snapshot
from wenming.campaigns.models import Application, StageKind
from wenming.campaigns.stages import require_stage_open
from wenming.visits.models import GroupMember

from ..models import Assignment, Mark, MarkSetWaiver, Round
from ..sheet import mark_slots

WAIVER_FIELDS = ["round", "application", "assessor", "reason"]


def _mark_set(round_: Round, application: Application, assessor: User) -> tuple[bool, int, int]:
    """(the assessor sits in the group assigned to the applicant, marks given, slots)."""
    group_id = (
        Assignment.objects.filter(round=round_, application=application)
        .values_list("group_id", flat=True)
        .first()
    )
    member = (
        group_id is not None
        and GroupMember.objects.filter(group_id=group_id, user=assessor).exists()
    )
    if not member:  # not assigned (a family is never assigned): nothing to count
        return False, 0, 0
    total = mark_slots(application.award.framework.to_framework())
    done = Mark.objects.filter(round=round_, application=application, assessor=assessor).count()
    return member, done, total


def mark_set_waive(
    *,
    acting_user: User,
    round: Round,
    application: Application,
    assessor: User,
    reason: str,
) -> MarkSetWaiver:
    """Record why ``assessor``'s mark set for ``application`` in ``round`` is missing.

    The office only, while the assessment stage is open, with a reason; refused when the
    assessor is not in the group assigned to the applicant, or has in fact given every
    mark."""
    campaign = round.campaign
    require_perm(acting_user, "campaigns.manage_campaign", campaign)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("请填写缺评原因。"), code="reason_required")
    if application.campaign_id != round.campaign_id:
        raise ValidationError(_("该申报不属于本届。"), code="other_campaign")
    who = {"who": assessor, "org": application.organization.name, "round": round.name}
    with transaction.atomic():
        require_stage_open(campaign, StageKind.ASSESSMENT)
        member, done, total = _mark_set(round, application, assessor)
        if not member:
            raise ValidationError(
                _("%(who)s 不在%(round)s分配给%(org)s的考核组中，无需登记缺评原因。") % who,
                code="not_assigned",
            )
        if done >= total:
            raise ValidationError(
                _("%(who)s 已完成%(org)s在%(round)s的全部 %(total)s 项评分，无需登记缺评原因。")
                % (who | {"total": total}),
                code="complete",
            )
        try:
            with transaction.atomic():
                waiver = MarkSetWaiver.objects.create(
                    round=round,
                    application=application,
                    assessor=assessor,
                    reason=reason[:500],
                    recorded_by=acting_user,
                )
        except IntegrityError:
            raise ValidationError(
                _("%(who)s 对%(org)s在%(round)s的缺评原因已经登记过。") % who,
                code="already_waived",
            ) from None
        audit_record(
            actor=acting_user,
            action="assessment.mark_set_waive",
            obj=application,
            after=snapshot(waiver, WAIVER_FIELDS) | {"done": done, "total": total},
        )
    return waiver


def mark_set_waiver_remove(*, acting_user: User, waiver: MarkSetWaiver) -> None:
    """Take back a recorded reason: the mark set counts as missing again."""
    campaign = waiver.round.campaign
    require_perm(acting_user, "campaigns.manage_campaign", campaign)
    with transaction.atomic():
        require_stage_open(campaign, StageKind.ASSESSMENT)
        before = snapshot(waiver, WAIVER_FIELDS)
        application = waiver.application
        waiver.delete()
        audit_record(
            actor=acting_user,
            action="assessment.mark_set_waiver_remove",
            obj=application,
            before=before,
        )
