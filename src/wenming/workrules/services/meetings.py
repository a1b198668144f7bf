"""Writes to the committee's meetings: scheduling, papers, leave, attendance, minutes and
a joint meeting's decisions (docs/rules.md#work-rules).

Scheduling answers with the warnings the office must see: a meeting set so late that its
papers can no longer reach the members two days before (``wenming.domain.workrules``).
Circulating the papers (``papers_circulate``) records when they went out; the members
read them on the meeting's page, and the notification centre tells them from the audit
event ``work_meeting.papers_circulate``. A joint meeting's decisions are split into tasks
of member units, each opened as a supervision item (``supervision.services.items.item_open``)
with the unit responsible and its deadline.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record, snapshot
from wenming.committee.selectors import committee_members_of
from wenming.domain.review import ItemClass
from wenming.domain.workrules import MeetingKind
from wenming.registry.models import Body, Region
from wenming.supervision.models import ItemSource
from wenming.supervision.services.items import item_open

from ..files import Upload, attach
from ..models import Attendance, Attendee, Decision, DecisionTask, MeetingPaper, WorkMeeting
from ..selectors import papers_warnings

MEETING_FIELDS = ["office", "kind", "title", "held_on", "place", "agenda", "papers_circulated_at"]


def _today() -> date:
    return timezone.localdate()


@dataclass(frozen=True)
class Scheduled:
    """A meeting just scheduled, and what the office is warned of (in words)."""

    meeting: WorkMeeting
    warnings: list[str]


def meeting_schedule(
    *,
    acting_user: User,
    office: Region,
    kind: str,
    title: str,
    held_on: date,
    place: str = "",
    agenda: str = "",
    names: Sequence[str] = (),
    today: date | None = None,
) -> Scheduled:
    """Schedule a meeting of the office's committee: its members are the users holding the
    committee role in the office's region, and the members entered by ``names``."""
    require_perm(acting_user, "workrules.run_office", office)
    today = today or _today()
    if kind not in MeetingKind:
        raise ValidationError(_("会议类型无效。"))
    if not title.strip():
        raise ValidationError(_("请填写会议名称。"))
    users = committee_members_of(office)
    rows = [(u, str(u)) for u in users] + [(None, n.strip()) for n in names if n.strip()]
    if not rows:
        raise ValidationError(_("会议没有委员：请录入委员姓名，或为委员分配文明委委员角色。"))
    labels = [label for _user, label in rows]
    if len(set(labels)) != len(labels):
        raise ValidationError(_("委员姓名重复。"))
    with transaction.atomic():
        meeting = WorkMeeting.objects.create(
            office=office,
            kind=kind,
            title=title.strip(),
            held_on=held_on,
            place=place.strip(),
            agenda=agenda.strip(),
            created_by=acting_user,
        )
        Attendee.objects.bulk_create(Attendee(meeting=meeting, user=u, name=n) for u, n in rows)
        audit_record(
            actor=acting_user,
            action="work_meeting.schedule",
            obj=meeting,
            after=snapshot(meeting, MEETING_FIELDS) | {"members": labels},
        )
    return Scheduled(meeting, papers_warnings(meeting, today))


def _locked(meeting: WorkMeeting) -> WorkMeeting:
    return WorkMeeting.objects.select_for_update().get(pk=meeting.pk)


def paper_add(
    *, acting_user: User, meeting: WorkMeeting, title: str, text: str = "", upload: Upload | None
) -> MeetingPaper:
    """A paper of the meeting: its content typed in, a file, or both."""
    require_perm(acting_user, "workrules.manage_meeting", meeting)
    if not title.strip():
        raise ValidationError(_("请填写材料名称。"))
    if not text.strip() and upload is None:
        raise ValidationError(_("请填写材料内容或上传文件。"))
    paper = MeetingPaper(meeting=meeting, title=title.strip(), text=text.strip())
    with transaction.atomic():
        _locked(meeting)
        if upload is not None:
            attach(paper, upload)
        paper.save()
        audit_record(
            actor=acting_user,
            action="work_meeting.paper_add",
            obj=meeting,
            after={"title": paper.title, "file": paper.original_name},
        )
    return paper


def papers_circulate(
    *, acting_user: User, meeting: WorkMeeting, today: date | None = None
) -> list[str]:
    """Send the meeting's papers to its members (文明办将会议内容向文明委成员通报); answers
    with the warning when it is too late for them to arrive two days before."""
    require_perm(acting_user, "workrules.manage_meeting", meeting)
    today = today or _today()
    with transaction.atomic():
        current = _locked(meeting)
        if not current.papers.exists():
            raise ValidationError(_("请先添加会议材料，再向委员通报。"))
        if current.held_on < today:
            raise ValidationError(_("会议已经召开，不能再通报会议材料。"))
        before = snapshot(current, MEETING_FIELDS)
        current.papers_circulated_at = timezone.now()
        current.papers_circulated_by = acting_user
        current.save(update_fields=["papers_circulated_at", "papers_circulated_by"])
        recipients = list(current.attendees.exclude(user=None).values_list("user_id", flat=True))
        audit_record(
            actor=acting_user,
            action="work_meeting.papers_circulate",
            obj=current,
            before=before,
            after=snapshot(current, MEETING_FIELDS)
            | {
                "papers": list(current.papers.values_list("title", flat=True)),
                "recipients": recipients,
            },
        )
    meeting.papers_circulated_at = current.papers_circulated_at
    return papers_warnings(current, timezone.localdate(current.papers_circulated_at))


def attendee_leave(
    *,
    acting_user: User,
    attendee: Attendee,
    reason: str,
    opinion: str = "",
    today: date | None = None,
) -> Attendee:
    """A member asks for leave (请假) before the meeting, with a written opinion on its
    business if they wish (委托他人反映意见); the office may enter it for them."""
    require_perm(acting_user, "workrules.answer_attendance", attendee)
    today = today or _today()
    if not reason.strip():
        raise ValidationError(_("请填写请假事由。"))
    with transaction.atomic():
        meeting = _locked(attendee.meeting)
        if meeting.held_on < today:
            raise ValidationError(_("会议已经召开，不能再请假。"))
        current = Attendee.objects.select_for_update().get(pk=attendee.pk)
        before = snapshot(current, ["status", "leave_reason", "written_opinion"])
        current.status = Attendance.LEAVE
        current.leave_reason = reason.strip()
        current.written_opinion = opinion.strip()
        current.save(update_fields=["status", "leave_reason", "written_opinion"])
        audit_record(
            actor=acting_user,
            action="work_meeting.leave",
            obj=meeting,
            before={"member": current.name} | before,
            after={"member": current.name}
            | snapshot(current, ["status", "leave_reason", "written_opinion"]),
        )
    return current


def attendance_record(
    *, acting_user: User, meeting: WorkMeeting, present: Iterable[int]
) -> WorkMeeting:
    """Who attended (attendee ids); the others are absent, or on leave if they asked."""
    require_perm(acting_user, "workrules.manage_meeting", meeting)
    present_ids = set(present)
    with transaction.atomic():
        current = _locked(meeting)
        attendees = list(current.attendees.select_for_update().order_by("id"))
        if not present_ids <= {a.pk for a in attendees}:
            raise ValidationError(_("出席名单中有不属于本次会议的委员。"))
        before = {a.name: a.status for a in attendees}
        for a in attendees:
            if a.pk in present_ids:
                a.status, a.leave_reason, a.written_opinion = Attendance.PRESENT, "", ""
            elif a.status != Attendance.LEAVE:
                a.status = Attendance.ABSENT
        Attendee.objects.bulk_update(attendees, ["status", "leave_reason", "written_opinion"])
        audit_record(
            actor=acting_user,
            action="work_meeting.attendance",
            obj=current,
            before={"attendance": before},
            after={"attendance": {a.name: a.status for a in attendees}},
        )
    return current


def minutes_record(
    *, acting_user: User, meeting: WorkMeeting, minutes: str, today: date | None = None
) -> WorkMeeting:
    """The meeting's minutes (会议纪要), once it has been held."""
    require_perm(acting_user, "workrules.manage_meeting", meeting)
    if meeting.held_on > (today or _today()):
        raise ValidationError(_("会议尚未召开，不能记录会议纪要。"))
    with transaction.atomic():
        current = _locked(meeting)
        before = {"minutes": current.minutes}
        current.minutes = minutes.strip()
        current.save(update_fields=["minutes"])
        audit_record(
            actor=acting_user,
            action="work_meeting.minutes",
            obj=current,
            before=before,
            after={"minutes": current.minutes},
        )
    return current


@dataclass(frozen=True)
class TaskSpec:
    """One member unit's part of a decision: the unit, what it does, by when."""

    body: Body
    task: str
    deadline: date


def _check_tasks(meeting: WorkMeeting, text: str, tasks: Sequence[TaskSpec]) -> None:
    if meeting.kind != MeetingKind.JOINT:
        raise ValidationError(_("只有成员单位联席会议的议定事项分解到成员单位督办落实。"))
    if not meeting.minutes:
        raise ValidationError(_("请先记录会议纪要，再分解议定事项。"))
    if not text.strip():
        raise ValidationError(_("请填写议定事项。"))
    if not tasks:
        raise ValidationError(_("请将议定事项分解到至少一个成员单位。"))
    for spec in tasks:
        if not spec.body.screens or spec.body.region_id != meeting.office_id:
            raise ValidationError(
                _("“%(name)s”不是本级文明委成员单位，不能分解任务。") % {"name": spec.body.name}
            )
        if not spec.task.strip():
            raise ValidationError(_("请填写%(name)s的任务。") % {"name": spec.body.name})
        if spec.deadline < meeting.held_on:
            raise ValidationError(
                _("%(name)s的完成时限不能早于会议日期。") % {"name": spec.body.name}
            )


def decision_split(
    *, acting_user: User, meeting: WorkMeeting, text: str, tasks: Sequence[TaskSpec]
) -> Decision:
    """A decision of a joint meeting, split into tasks of member units (由文明办按照部门
    职能将具体任务分解到各成员单位), each tracked as a supervision item (并负责督办落实)."""
    require_perm(acting_user, "workrules.manage_meeting", meeting)
    with transaction.atomic():
        current = _locked(meeting)
        _check_tasks(current, text, tasks)
        decision = Decision.objects.create(
            meeting=current, text=text.strip(), created_by=acting_user
        )
        for spec in tasks:
            item = item_open(
                acting_user=acting_user,
                office=current.office,
                title=spec.task.strip(),
                description=decision.text,
                source=ItemSource.JOINT_MEETING,
                source_reference=current.title,
                body=spec.body,
                item_class=ItemClass.SMALL,
                deadline=spec.deadline,
            )
            DecisionTask.objects.create(
                decision=decision,
                body=spec.body,
                task=spec.task.strip(),
                deadline=spec.deadline,
                item=item,
            )
        audit_record(
            actor=acting_user,
            action="work_meeting.decision",
            obj=current,
            after={
                "decision": decision.text,
                "tasks": [
                    {"unit": s.body.name, "task": s.task.strip(), "deadline": s.deadline}
                    for s in tasks
                ],
            },
        )
    return decision
