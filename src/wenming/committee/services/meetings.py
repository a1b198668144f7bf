"""Writes to committee meetings: members, attendance, votes, minutes and the approval.

Each service is one transaction with its audit event. A meeting is scheduled ahead
of time (the office sends its papers to the members at least two days before it
meets), so ``meeting_create`` is allowed at any stage until the approval stage closes.
Attendance, votes, minutes and the approval happen at the meeting and run only while
the campaign's approval stage is open: after publicity closed (its computed end passed
with no objection open), so nothing is approved while the public may still object. A
meeting approves only when it reached its quorum (``wenming.domain.quorum``: two thirds
present, written opinions not counted); the approval moves every published application
of the campaign to approved or refused through the state machine, and freezes the
meeting and its list.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record, snapshot
from wenming.campaigns.models import Application, Campaign
from wenming.campaigns.services import application_move
from wenming.campaigns.stages import require_stage_open
from wenming.domain.application_states import Action, State
from wenming.domain.quorum import Quorum
from wenming.domain.stage_gates import StageKind

from ..models import ListEntry, Meeting, Member, Outcome, Vote
from ..selectors import committee_users, meeting_create_refusal, quorum_of

MEETING_FIELDS = ["campaign", "held_on", "place", "minutes", "approved_at", "approved_by"]


def require_approval_open(campaign: Campaign) -> None:
    """Attendance, votes, minutes and approval happen at the meeting, in the approval stage."""
    require_stage_open(campaign, StageKind.APPROVAL)


def _locked(meeting: Meeting) -> Meeting:
    """The meeting, locked for this transaction; refused once it has approved its list."""
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if current.frozen:
        raise ValidationError(
            _("本次会议已审定名单，会议记录和名单已冻结，不能再修改。"), code="frozen"
        )
    return current


def meeting_create(
    *,
    acting_user: User,
    campaign: Campaign,
    held_on: date,
    place: str = "",
    names: Sequence[str] = (),
) -> Meeting:
    """A meeting of the campaign's committee: its members are the users with the
    committee role in the office's region, plus members entered by ``names``.

    Scheduled ahead, at any stage until the approval stage is closed."""
    require_perm(acting_user, "committee.manage_meeting", campaign)
    refusal = meeting_create_refusal(campaign)
    if refusal:
        raise ValidationError(refusal, code="stage_closed")
    users = committee_users(campaign)
    rows = [(u, str(u)) for u in users] + [(None, n.strip()) for n in names if n.strip()]
    if not rows:
        raise ValidationError(_("会议没有委员：请录入委员姓名，或为委员分配文明委委员角色。"))
    labels = [label for _user, label in rows]
    if len(set(labels)) != len(labels):
        raise ValidationError(_("委员姓名重复。"))
    with transaction.atomic():
        meeting = Meeting.objects.create(
            campaign=campaign, held_on=held_on, place=place.strip(), created_by=acting_user
        )
        Member.objects.bulk_create(Member(meeting=meeting, user=u, name=n) for u, n in rows)
        audit_record(
            actor=acting_user,
            action="meeting.create",
            obj=meeting,
            after=snapshot(meeting, MEETING_FIELDS) | {"members": labels},
        )
    return meeting


def _attendance(meeting: Meeting) -> dict[str, Any]:
    members = list(meeting.members.order_by("id"))
    return {
        "present": [m.name for m in members if m.present],
        "written_opinions": {m.name: m.written_opinion for m in members if m.written_opinion},
    }


def meeting_record_attendance(
    *,
    acting_user: User,
    meeting: Meeting,
    present: Iterable[int],
    opinions: Mapping[int, str] | None = None,
) -> Quorum:
    """Who attended (member ids) and the written opinions of absent members; returns the
    quorum the attendance gives."""
    require_perm(acting_user, "committee.manage_meeting", meeting.campaign)
    require_approval_open(meeting.campaign)
    present_ids = set(present)
    opinions = {k: v.strip() for k, v in (opinions or {}).items() if v.strip()}
    with transaction.atomic():
        current = _locked(meeting)
        members = list(current.members.select_for_update().order_by("id"))
        known = {m.pk for m in members}
        if not present_ids <= known or not set(opinions) <= known:
            raise ValidationError(_("出席名单中有不属于本次会议的委员。"))
        if present_ids & set(opinions):
            raise ValidationError(_("出席会议的委员不提交书面意见；书面意见只记录缺席委员的。"))
        before = _attendance(current)
        for member in members:
            member.present = member.pk in present_ids
            member.written_opinion = opinions.get(member.pk, "")
        Member.objects.bulk_update(members, ["present", "written_opinion"])
        audit_record(
            actor=acting_user,
            action="meeting.attendance",
            obj=current,
            before=before,
            after=_attendance(current),
        )
    return quorum_of(current)


def meeting_record_vote(
    *,
    acting_user: User,
    meeting: Meeting,
    votes_for: int,
    votes_against: int,
    abstentions: int,
    application: Application | None = None,
) -> Vote:
    """The count of a vote on one application, or on the list as a whole (no application);
    recording it again replaces the count. Only members present vote."""
    require_perm(acting_user, "committee.manage_meeting", meeting.campaign)
    require_approval_open(meeting.campaign)
    counts = (votes_for, votes_against, abstentions)
    if min(counts) < 0:
        raise ValidationError(_("票数不能为负数。"))
    with transaction.atomic():
        current = _locked(meeting)
        attending = current.members.filter(present=True).count()
        if sum(counts) > attending:
            raise ValidationError(
                _("投票总数 %(n)d 超过出席委员人数 %(attending)d。")
                % {"n": sum(counts), "attending": attending}
            )
        if application is not None and (
            application.campaign_id != current.campaign_id or application.status != State.PUBLISHED
        ):
            raise ValidationError(_("只能对本届公示中的申报进行表决。"))
        vote, _created = Vote.objects.update_or_create(
            meeting=current,
            application=application,
            defaults={
                "votes_for": votes_for,
                "votes_against": votes_against,
                "abstentions": abstentions,
            },
        )
        audit_record(
            actor=acting_user,
            action="meeting.vote",
            obj=current,
            after={
                "application": application.pk if application else None,
                "for": votes_for,
                "against": votes_against,
                "abstain": abstentions,
            },
        )
    return vote


def meeting_record_minutes(*, acting_user: User, meeting: Meeting, minutes: str) -> Meeting:
    """The meeting's minutes (会议纪要)."""
    require_perm(acting_user, "committee.manage_meeting", meeting.campaign)
    require_approval_open(meeting.campaign)
    with transaction.atomic():
        current = _locked(meeting)
        before = snapshot(current, MEETING_FIELDS)
        current.minutes = minutes.strip()
        current.save(update_fields=["minutes"])
        audit_record(
            actor=acting_user,
            action="meeting.minutes",
            obj=current,
            before=before,
            after=snapshot(current, MEETING_FIELDS),
        )
    return current


def _check_ready(meeting: Meeting, listed: Sequence[Application]) -> None:
    quorum = quorum_of(meeting)
    if not quorum.valid:
        raise ValidationError(
            _(
                "会议未达到法定人数：应到 %(members)d 人，实到 %(attending)d 人，"
                "须至少 %(required)d 人出席（三分之二），书面意见不计入，不能审定名单。"
            )
            % {
                "members": quorum.members,
                "attending": quorum.attending,
                "required": quorum.required,
            },
            code="no_quorum",
        )
    if not listed:
        raise ValidationError(_("本届没有公示中的申报，无需审定。"))
    if not meeting.minutes:
        raise ValidationError(_("请先记录会议纪要。"))
    votes = list(meeting.votes.all())
    if any(v.votes_for + v.votes_against + v.abstentions > quorum.attending for v in votes):
        raise ValidationError(_("有表决的票数超过出席委员人数，请先更正表决结果。"))
    voted = {v.application_id for v in votes}
    if None not in voted and not {a.pk for a in listed} <= voted:
        raise ValidationError(_("请先记录对名单整体或对每个申报的表决结果。"))


def meeting_approve(
    *,
    acting_user: User,
    meeting: Meeting,
    refused: Sequence[Application] = (),
    comment: str = "",
) -> list[ListEntry]:
    """Approve the campaign's published list, less the applications the meeting refuses;
    refused when the meeting is not quorate. The meeting and its list are then frozen."""
    require_perm(acting_user, "committee.manage_meeting", meeting.campaign)
    with transaction.atomic():
        current = _locked(meeting)
        require_approval_open(current.campaign)
        listed = list(
            Application.objects.select_for_update()
            .filter(campaign=current.campaign_id, status=State.PUBLISHED)
            .order_by("award_id", "rank", "id")
        )
        _check_ready(current, listed)
        refused_ids = {a.pk for a in refused}
        if not refused_ids <= {a.pk for a in listed}:
            raise ValidationError(_("只能对本届公示中的申报作出不予审定的决定。"))
        approved = [a for a in listed if a.pk not in refused_ids]
        turned_down = [a for a in listed if a.pk in refused_ids]
        application_move(acting_user=acting_user, applications=approved, action=Action.APPROVE)
        application_move(
            acting_user=acting_user,
            applications=turned_down,
            action=Action.NOT_APPROVE,
            comment=comment,
        )
        entries = [
            ListEntry(
                meeting=current,
                application=a,
                outcome=Outcome.REFUSED if a.pk in refused_ids else Outcome.APPROVED,
            )
            for a in listed
        ]
        ListEntry.objects.bulk_create(entries)
        before = snapshot(current, MEETING_FIELDS)
        current.approved_at = timezone.now()
        current.approved_by = acting_user
        current.save(update_fields=["approved_at", "approved_by"])
        audit_record(
            actor=acting_user,
            action="meeting.approve",
            obj=current,
            before=before,
            after=snapshot(current, MEETING_FIELDS)
            | {
                "approved": [e.application_id for e in entries if e.outcome == Outcome.APPROVED],
                "refused": sorted(refused_ids),
            },
        )
    return entries
