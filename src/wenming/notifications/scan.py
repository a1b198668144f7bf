"""Time-based notifications: what falls due, found by a daily scan (``notifications_run``).

- a stage about to close: 3 working days before its deadline, once per deadline (an
  extended deadline is told again);
- a supervision item due within 3 working days (once per deadline), and overdue (once a
  day until it is closed);
- the rectification report a bulletin asks for within its days (10 by default), from
  3 working days before it is due, once per bulletin and unit;
- a creation task's occurrence not yet accepted, due within 3 working days, once per
  deadline.

Each message's key names the object and the day or deadline, so the scan may run as
often as wished: a key already made is skipped. Working days come from the office's
calendar; a year it lacks skips that object (the calendar page names the year).
"""

from collections.abc import Iterator
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.campaigns.models import Stage
from wenming.creation.models import Occurrence, OccurrenceStatus
from wenming.domain.calendar import CalendarYearMissing, WorkdayCalendar
from wenming.domain.review import ItemState
from wenming.publicity.calendars import workday_calendar
from wenming.supervision.models import Bulletin, SupervisionItem

from .events import Message, day, item_message, stage_message
from .kinds import Kind
from .recipients import organization_people

#: How many working days ahead a deadline is told.
AHEAD = 3


def within(calendar: WorkdayCalendar, today: date, deadline: date, days: int = AHEAD) -> bool:
    """Whether ``deadline`` is today or within the next ``days`` working days."""
    if deadline < today:
        return False
    counted, current = 0, today
    try:
        while current < deadline:
            current += timedelta(days=1)
            if calendar.is_workday(current):
                counted += 1
                if counted > days:
                    return False
    except CalendarYearMissing:
        # A year the calendar lacks: this object is skipped, not guessed at.
        return False
    return True


def _stages(calendar: WorkdayCalendar, today: date) -> Iterator[tuple[str, Message]]:
    horizon = today + timedelta(days=AHEAD * 3 + 10)
    stages = Stage.objects.filter(
        opened_at__isnull=False, closed_at__isnull=True, closes_at__date__gte=today
    ).filter(closes_at__date__lte=horizon)
    for stage in stages.select_related("campaign__office"):
        closes = timezone.localdate(stage.closes_at)
        if within(calendar, today, closes):
            yield (
                f"stage_closing:{stage.pk}:{closes.isoformat()}",
                stage_message(Kind.STAGE_CLOSING, stage, day(closes)),
            )


def _items(calendar: WorkdayCalendar, today: date) -> Iterator[tuple[str, Message]]:
    items = SupervisionItem.objects.exclude(state=ItemState.CLOSED).select_related("office")
    for item in items.filter(deadline__lte=today + timedelta(days=AHEAD * 3 + 10)):
        if item.deadline < today:
            yield (
                f"item_overdue:{item.pk}:{today.isoformat()}",
                item_message(Kind.ITEM_OVERDUE, item),
            )
        elif within(calendar, today, item.deadline):
            yield (
                f"item_due:{item.pk}:{item.deadline.isoformat()}",
                item_message(Kind.ITEM_DUE, item),
            )


def _bulletins(calendar: WorkdayCalendar, today: date) -> Iterator[tuple[str, Message]]:
    # A bulletin's report is due within its days; 60 days back covers any such period.
    recent = Bulletin.objects.filter(issued_on__gte=today - timedelta(days=60))
    for bulletin in recent.select_related("review__office").prefetch_related("criticized"):
        due = bulletin.issued_on + timedelta(days=bulletin.rectification_days)
        if not within(calendar, today, due):
            continue
        for organization in bulletin.criticized.all():
            yield (
                f"rectification_due:{bulletin.pk}:{organization.pk}",
                Message(
                    kind=Kind.RECTIFICATION_DUE,
                    recipients=frozenset(organization_people([organization.pk])),
                    object=bulletin.title,
                    url=reverse("supervision:bulletin", args=[bulletin.pk]),
                    region_path=bulletin.review.office.path,
                    date=day(due),
                ),
            )


def _occurrence_people(occurrence: Occurrence) -> frozenset[int]:
    department = occurrence.task.department
    if department is None:
        return frozenset()
    staff = [department.head, department.leader, *department.members.all()]
    return frozenset(s.user_id for s in staff if s is not None and s.user_id is not None)


def _occurrences(calendar: WorkdayCalendar, today: date) -> Iterator[tuple[str, Message]]:
    occurrences = (
        Occurrence.objects.exclude(status=OccurrenceStatus.ACCEPTED)
        .filter(due_on__gte=today, due_on__lte=today + timedelta(days=AHEAD * 3 + 10))
        .select_related("task__department__head", "task__department__leader", "task__plan")
        .prefetch_related("task__department__members")
    )
    for occurrence in occurrences:
        if not within(calendar, today, occurrence.due_on):
            continue
        label = occurrence.task.title
        if occurrence.label:
            label = _("%(task)s（%(label)s）") % {"task": label, "label": occurrence.label}
        yield (
            f"creation_task_due:{occurrence.pk}:{occurrence.due_on.isoformat()}",
            Message(
                kind=Kind.CREATION_TASK_DUE,
                recipients=_occurrence_people(occurrence),
                object=label,
                url=reverse("creation:occurrence", args=[occurrence.pk]),
                date=day(occurrence.due_on),
            ),
        )


def due_messages(today: date) -> list[tuple[str, Message]]:
    """Every time-based message of ``today``, keyed."""
    calendar = workday_calendar()
    return [
        found
        for source in (_stages, _items, _bulletins, _occurrences)
        for found in source(calendar, today)
    ]
