"""Writes for supervision items (督办), their reminders, and bulletins (通报).

An item moves 立项 → 催办 → 反馈 → 办结 by ``wenming.domain.review.item_move``; it never
closes without a result. ``reminders_send`` runs once a day (``manage.py send_reminders``):
it leaves an in-app notice for each contact of a responsible organization whose item is
due soon or overdue and mails them (a ``django.tasks`` task enqueued once the notice is
saved), once per person, item and day; a persistent problem past its deadline goes to
its leader.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record, snapshot
from wenming.domain.review import (
    ItemAction,
    ItemClass,
    ItemState,
    ReviewError,
    escalation_due,
    is_overdue,
    item_move,
    rectification_deadline,
    reminder_due,
)
from wenming.registry.issuing import may_issue
from wenming.registry.letterheads import document_number_issue
from wenming.registry.models import Body, DocumentKind, Organization, Region

from ..models import (
    Bulletin,
    ItemSource,
    Milestone,
    Notice,
    NoticeKind,
    Review,
    SupervisionItem,
)
from ..selectors import responsible_people
from ..tasks import send_notice_mail

ITEM_FIELDS = [
    "title",
    "source",
    "organization",
    "body",
    "item_class",
    "deadline",
    "leader",
    "state",
    "feedback",
    "result",
    "escalated_on",
    "closed_on",
]
#: Days before its deadline from which an open item is reminded daily.
REMIND_DAYS_BEFORE = getattr(settings, "WENMING_REMIND_DAYS_BEFORE", 2)


def _today() -> date:
    return timezone.localdate()


def item_open(
    *,
    acting_user: User,
    office: Region,
    title: str,
    source: str,
    item_class: str,
    deadline: date,
    organization: Organization | None = None,
    body: Body | None = None,
    description: str = "",
    source_reference: str = "",
    leader: User | None = None,
    review: Review | None = None,
    bulletin: Bulletin | None = None,
    milestones: Iterable[tuple[str, date]] = (),
) -> SupervisionItem:
    """Open an item for one responsible unit: an ``organization``, or a member unit of the
    committee (``body``) for a joint meeting's decisions."""
    require_perm(acting_user, "supervision.run_office", office)
    if (organization is None) == (body is None):
        raise ValidationError(_("督办事项须有且只有一个责任单位。"))
    if item_class == ItemClass.PERSISTENT and leader is None:
        raise ValidationError(_("老问题须指定分管领导。"))
    milestones = list(milestones)
    if item_class == ItemClass.BIG and not milestones:
        raise ValidationError(_("大问题须制定整改方案，至少列出一个整改节点。"))
    if any(due > deadline for _t, due in milestones):
        raise ValidationError(_("整改节点的时限不能晚于整改期限。"))
    item = SupervisionItem(
        office=office,
        title=title,
        description=description,
        source=source,
        source_reference=source_reference,
        organization=organization,
        body=body,
        item_class=item_class,
        deadline=deadline,
        leader=leader,
        review=review,
        bulletin=bulletin,
        created_by=acting_user,
    )
    item.full_clean()
    with transaction.atomic():
        item.save()
        Milestone.objects.bulk_create(
            Milestone(item=item, title=t, due_on=due) for t, due in milestones
        )
        audit_record(
            actor=acting_user,
            action="item.open",
            obj=item,
            after=snapshot(item, ITEM_FIELDS) | {"milestones": milestones},
        )
    return item


def _move(
    acting_user: User | None, item: SupervisionItem, action: ItemAction, **changes: Any
) -> SupervisionItem:
    with transaction.atomic():
        current = SupervisionItem.objects.select_for_update().get(pk=item.pk)
        before = snapshot(current, ITEM_FIELDS)
        try:
            current.state = item_move(
                ItemState(current.state), action, result=changes.get("result", "")
            )
        except ReviewError as error:
            if error.code == "close_without_result":
                raise ValidationError(_("没有办理结果的督办事项不能办结。")) from error
            if action is ItemAction.CLOSE:
                raise ValidationError(
                    _("责任单位反馈整改情况后才能办结。")
                    if current.state != ItemState.CLOSED
                    else _("该督办事项已办结。")
                ) from error
            raise ValidationError(_("当前状态下不能进行此操作。")) from error
        for name, value in changes.items():
            setattr(current, name, value)
        current.save()
        audit_record(
            actor=acting_user,
            action=f"item.{action.value}",
            obj=current,
            before=before,
            after=snapshot(current, ITEM_FIELDS),
        )
    return current


def item_remind(
    *, acting_user: User, item: SupervisionItem, today: date | None = None
) -> SupervisionItem:
    """The office chases an item by hand: its state becomes 催办 and the responsible unit's
    contacts get a notice and a mail (once a day, as the daily reminders)."""
    require_perm(acting_user, "supervision.manage_item", item)
    today = today or _today()
    with transaction.atomic():
        item = _move(acting_user, item, ItemAction.REMIND)
        overdue = is_overdue(item.deadline, today, ItemState(item.state))
        kind = NoticeKind.OVERDUE if overdue else NoticeKind.REMINDER
        report = ReminderReport()
        for user in responsible_people([item]).get(item.pk, []):
            _notify(user, item, kind, today, report)
    return item


def item_feedback(*, acting_user: User, item: SupervisionItem, feedback: str) -> SupervisionItem:
    require_perm(acting_user, "supervision.answer_item", item)
    if not feedback.strip():
        raise ValidationError(_("请填写整改反馈。"))
    return _move(acting_user, item, ItemAction.FEEDBACK, feedback=feedback)


def item_close(
    *, acting_user: User, item: SupervisionItem, result: str, today: date | None = None
) -> SupervisionItem:
    require_perm(acting_user, "supervision.manage_item", item)
    return _move(acting_user, item, ItemAction.CLOSE, result=result, closed_on=today or _today())


def milestone_done(*, acting_user: User, milestone: Milestone, done_on: date) -> Milestone:
    require_perm(acting_user, "supervision.answer_item", milestone.item)
    with transaction.atomic():
        before = {"milestone": milestone.title, "done_on": milestone.done_on}
        milestone.done_on = done_on
        milestone.save(update_fields=["done_on"])
        audit_record(
            actor=acting_user,
            action="item.milestone_done",
            obj=milestone.item,
            before=before,
            after={"milestone": milestone.title, "done_on": done_on},
        )
    return milestone


@dataclass
class ReminderReport:
    notices: int = 0
    mails: int = 0
    escalated: list[int] = field(default_factory=list)


def _notify(
    user: User, item: SupervisionItem, kind: str, today: date, report: ReminderReport
) -> None:
    notice, created = Notice.objects.get_or_create(user=user, item=item, kind=kind, on=today)
    if not created:
        return  # already told today: the command may run twice a day
    report.notices += 1
    if user.email:
        report.mails += 1
        notice_id = notice.pk
        transaction.on_commit(lambda: send_notice_mail.enqueue(notice_id))


def reminders_send(*, today: date | None = None) -> ReminderReport:
    """Remind, flag and escalate the open items as of ``today`` (idempotent per day)."""
    today = today or _today()
    report = ReminderReport()
    open_items = list(
        SupervisionItem.objects.exclude(state=ItemState.CLOSED).select_related("leader")
    )
    contacts = responsible_people(open_items)
    for item in open_items:
        state = ItemState(item.state)
        overdue = is_overdue(item.deadline, today, state)
        with transaction.atomic():
            # Items waiting for the office to close them (feedback given) are not chased.
            if state is not ItemState.FEEDBACK and reminder_due(
                item.deadline, today, state, REMIND_DAYS_BEFORE
            ):
                kind = NoticeKind.OVERDUE if overdue else NoticeKind.REMINDER
                for user in contacts.get(item.pk, []):
                    _notify(user, item, kind, today, report)
                if state is ItemState.OPENED:
                    item = _move(None, item, ItemAction.REMIND)
            if (
                escalation_due(ItemClass(item.item_class), item.deadline, today, state)
                and item.escalated_on is None
                and item.leader is not None
            ):
                _notify(item.leader, item, NoticeKind.ESCALATED, today, report)
                before = snapshot(item, ITEM_FIELDS)
                item.escalated_on = today
                item.save(update_fields=["escalated_on"])
                audit_record(
                    actor=None,
                    action="item.escalate",
                    obj=item,
                    before=before,
                    after=snapshot(item, ITEM_FIELDS),
                )
                report.escalated.append(item.pk)
    return report


def _criticized_check(review: Review, criticized: list[Organization]) -> None:
    """Every criticized unit must be one of the review's entries."""
    entered = set(review.entries.values_list("organization_id", flat=True))
    outside = [o for o in criticized if o.pk not in entered]
    if outside:
        raise ValidationError(
            _("被通报单位不在本次考核中：%(names)s")
            % {"names": _("、").join(o.name for o in outside)}
        )


def _bulletin_number_take(acting_user: User, review: Review, bulletin: Bulletin) -> None:
    """The 发文字号, once, from the office's register (blank while it has no 机关代字)."""
    if may_issue(acting_user, review.office):
        issued = document_number_issue(
            acting_user=acting_user,
            office=review.office,
            kind=DocumentKind.BULLETIN,
            title=bulletin.title,
            on=bulletin.issued_on,
        )
        bulletin.document_number = issued.number if issued else ""


def bulletin_issue(
    *,
    acting_user: User,
    review: Review,
    title: str,
    issuing_office: str,
    issued_on: date,
    addressees: str = "",
    opening: str = "",
    strengths: str = "",
    problems: str = "",
    requirements: str = "",
    rectification_days: int = 10,
    criticized: Iterable[Organization] = (),
) -> Bulletin:
    """Issue a review's bulletin; each criticized unit gets an item due in N days (10).

    The bulletin takes the office's next 发文字号 as it is created.
    """
    require_perm(acting_user, "supervision.manage_review", review)
    criticized = list(criticized)
    _criticized_check(review, criticized)
    bulletin = Bulletin(
        review=review,
        title=title,
        addressees=addressees,
        opening=opening,
        strengths=strengths,
        problems=problems,
        requirements=requirements,
        issuing_office=issuing_office,
        issued_on=issued_on,
        rectification_days=rectification_days,
        created_by=acting_user,
    )
    bulletin.full_clean()
    due = rectification_deadline(issued_on, rectification_days)
    with transaction.atomic():
        _bulletin_number_take(acting_user, review, bulletin)
        bulletin.save()
        bulletin.criticized.set(criticized)
        audit_record(
            actor=acting_user,
            action="bulletin.issue",
            obj=bulletin,
            after={
                "title": title,
                "document_number": bulletin.document_number,
                "issued_on": issued_on,
                "criticized": [o.pk for o in criticized],
                "rectification_due": due,
            },
        )
        for organization in criticized:
            item_open(
                acting_user=acting_user,
                office=review.office,
                title=_("按通报要求报告整改情况：%(title)s") % {"title": title},
                source=ItemSource.BULLETIN,
                organization=organization,
                item_class=ItemClass.SMALL,
                deadline=due,
                review=review,
                bulletin=bulletin,
            )
    return bulletin
