"""Assessment groups, their members and declared conflicts of interest."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record, snapshot
from wenming.campaigns.models import Application
from wenming.registry.models import Region
from wenming.visits.models import Group, GroupMember
from wenming.visits.selectors import owner_of
from wenming.visits.services import group_add, group_member_put

from ..models import Conflict, Round
from .common import refuse_once_assessment_closed


def group_round(group: Group) -> Round:
    """The round a group belongs to (its owner in the visits app)."""
    return owner_of(group, Round, refusal=_("该考核组不属于测评轮次。"))


def group_create(
    *,
    acting_user: User,
    round_: Round,
    name: str,
    phase: int = 1,
    home_county: Region | None = None,
) -> Group:
    """A new group of a round; a cross-inspection group names the county it comes from."""
    require_perm(acting_user, "assessment.manage_round", round_)
    if home_county is not None and home_county.parent_id != round_.campaign.office_id:
        raise ValidationError(_("考核组所属地区须是本届组织单位下一级的县市区。"))
    with transaction.atomic():
        refuse_once_assessment_closed(round_.campaign)
        group = group_add(
            owner=round_,
            name=name,
            taken=_("本轮次已有名为“%(name)s”的考核组。"),
            phase=phase,
            home_county=home_county,
        )
        audit_record(
            actor=acting_user,
            action="assessment.group_create",
            obj=group,
            after={"round": round_.pk} | snapshot(group, ["name", "phase", "home_county"]),
        )
    return group


def group_member_add(
    *, acting_user: User, group: Group, user: User, is_leader: bool = False
) -> GroupMember:
    """Put an assessor in a group (as its leader, replacing the previous one, if asked)."""
    round_ = group_round(group)
    require_perm(acting_user, "assessment.manage_round", round_)
    with transaction.atomic():
        refuse_once_assessment_closed(round_.campaign)
        member = group_member_put(group=group, user=user, is_leader=is_leader)
        audit_record(
            actor=acting_user,
            action="assessment.member_add",
            obj=group,
            after={"user": user.pk, "is_leader": is_leader},
        )
    return member


def group_member_remove(*, acting_user: User, member: GroupMember) -> None:
    group = member.group
    round_ = group_round(group)
    require_perm(acting_user, "assessment.manage_round", round_)
    with transaction.atomic():
        refuse_once_assessment_closed(round_.campaign)
        audit_record(
            actor=acting_user,
            action="assessment.member_remove",
            obj=group,
            before={"user": member.user_id, "is_leader": member.is_leader},
        )
        member.delete()


def conflict_declare(
    *,
    acting_user: User,
    application: Application,
    reason: str,
    group: Group | None = None,
    member: GroupMember | None = None,
) -> Conflict:
    """Record that a member (or a whole group) must not assess an application (回避).

    The office declares for anyone; a member may declare for itself.
    """
    if group is not None and member is None:
        round_ = group_round(group)
    elif member is not None and group is None:
        round_ = group_round(member.group)
    else:
        raise ValidationError(_("回避声明须指明考核组或成员之一。"))
    if member is None or member.user_id != acting_user.pk:
        require_perm(acting_user, "assessment.manage_round", round_)
    if application.campaign_id != round_.campaign_id:
        raise ValidationError(_("该申报不属于本届。"))
    if not reason.strip():
        raise ValidationError(_("请说明回避原因。"))
    with transaction.atomic():
        refuse_once_assessment_closed(round_.campaign)
        conflict = Conflict.objects.create(
            application=application,
            group=group,
            member=member,
            reason=reason.strip(),
            declared_by=acting_user,
        )
        audit_record(
            actor=acting_user,
            action="assessment.conflict_declare",
            obj=conflict,
            after=snapshot(conflict, ["application", "group", "member", "reason"]),
        )
    return conflict
