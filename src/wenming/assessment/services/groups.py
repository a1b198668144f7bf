"""Assessment groups, their members and declared conflicts of interest."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wenming.accounts.models import Role, User
from wenming.audit.services import audit_record, snapshot
from wenming.campaigns.models import Application
from wenming.registry.models import Region

from ..models import Conflict, Group, GroupMember, Round
from .common import refuse_once_assessment_closed, require


def group_create(
    *,
    acting_user: User,
    round_: Round,
    name: str,
    phase: int = 1,
    home_county: Region | None = None,
) -> Group:
    """A new group of a round; a cross-inspection group names the county it comes from."""
    require(acting_user, "assessment.manage_round", round_)
    name = name.strip()
    if not name:
        raise ValidationError(_("请填写考核组名称。"))
    if home_county is not None and home_county.parent_id != round_.campaign.office_id:
        raise ValidationError(_("考核组所属地区须是本届组织单位下一级的县市区。"))
    with transaction.atomic():
        refuse_once_assessment_closed(round_.campaign)
        if Group.objects.filter(round=round_, name=name).exists():
            raise ValidationError(_("本轮次已有名为“%(name)s”的考核组。") % {"name": name})
        group = Group.objects.create(round=round_, name=name, phase=phase, home_county=home_county)
        audit_record(
            actor=acting_user,
            action="assessment.group_create",
            obj=group,
            after=snapshot(group, ["round", "name", "phase", "home_county"]),
        )
    return group


def group_member_add(
    *, acting_user: User, group: Group, user: User, is_leader: bool = False
) -> GroupMember:
    """Put an assessor in a group (as its leader, replacing the previous one, if asked)."""
    require(acting_user, "assessment.manage_round", group.round)
    if not user.roles.filter(role=Role.ASSESSOR).exists():
        raise ValidationError(_("%(user)s 不是考核人员，不能加入考核组。") % {"user": user})
    with transaction.atomic():
        refuse_once_assessment_closed(group.round.campaign)
        if is_leader:
            GroupMember.objects.filter(group=group, is_leader=True).exclude(user=user).update(
                is_leader=False
            )
        member, created = GroupMember.objects.get_or_create(
            group=group, user=user, defaults={"is_leader": is_leader}
        )
        if not created and member.is_leader != is_leader:
            member.is_leader = is_leader
            member.save(update_fields=["is_leader"])
        audit_record(
            actor=acting_user,
            action="assessment.member_add",
            obj=group,
            after={"user": user.pk, "is_leader": is_leader},
        )
    return member


def group_member_remove(*, acting_user: User, member: GroupMember) -> None:
    group = member.group
    require(acting_user, "assessment.manage_round", group.round)
    with transaction.atomic():
        refuse_once_assessment_closed(group.round.campaign)
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
    if (group is None) == (member is None):
        raise ValidationError(_("回避声明须指明考核组或成员之一。"))
    round_ = (group or member.group).round  # type: ignore[union-attr]
    if member is None or member.user_id != acting_user.pk:
        require(acting_user, "assessment.manage_round", round_)
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
