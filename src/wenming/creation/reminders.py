"""Reminders of creation work (任务完成时间的最后一周): in the app and by mail.

``reminders_send`` runs once a day (``manage.py creation_remind``). For every occurrence
not yet accepted whose due date falls within the coming week (today to today + 6), it
reminds the task department's head and members who have a login, and the department's
leader when the material awaits the leader's sign-off. A person is reminded of an
occurrence once (the ``creation_reminder_once`` constraint), however often it runs.
Like supervision's notices, a reminder is no state change of the plan: not audited.
"""

from datetime import date, timedelta
from functools import partial

from django.db import transaction
from django.db.models import Prefetch

from .models import Department, Occurrence, OccurrenceStatus, Reminder, StaffMember
from .reminder_tasks import send_reminder_mail

#: The last week before the due date: today up to six days ahead.
LAST_WEEK_DAYS = 6


def _persons(occurrence: Occurrence) -> set[int]:
    department: Department | None = occurrence.task.department
    if department is None:
        return set()
    staff: list[StaffMember | None] = [department.head, *department.members.all()]
    if occurrence.status == OccurrenceStatus.SUBMITTED:
        staff.append(department.leader)
    return {
        s.user_id
        for s in staff
        if s is not None and s.user_id is not None and s.user is not None and s.user.is_active
    }


def due_occurrences(today: date) -> list[Occurrence]:
    """The occurrences in their last week, not yet accepted."""
    members = Prefetch(
        "task__department__members", queryset=StaffMember.objects.select_related("user")
    )
    return list(
        Occurrence.objects.filter(
            due_on__gte=today, due_on__lte=today + timedelta(days=LAST_WEEK_DAYS)
        )
        .exclude(status=OccurrenceStatus.ACCEPTED)
        .select_related("task__department__head__user", "task__department__leader__user")
        .prefetch_related(members)
    )


def reminders_send(today: date) -> int:
    """Create today's reminders; returns how many are new. Each new one is mailed by
    the task worker once the transaction commits."""
    wanted = {(o.pk, user_id) for o in due_occurrences(today) for user_id in _persons(o)}
    if not wanted:
        return 0
    with transaction.atomic():
        existing = set(
            Reminder.objects.filter(occurrence_id__in={o for o, _u in wanted}).values_list(
                "occurrence_id", "user_id"
            )
        )
        new = [
            Reminder(occurrence_id=o, user_id=u, sent_on=today)
            for o, u in sorted(wanted - existing)
        ]
        # ignore_conflicts: a second run racing this one leaves one reminder each.
        Reminder.objects.bulk_create(new, ignore_conflicts=True)
        ids = list(
            Reminder.objects.filter(sent_on=today, mailed=False)
            .filter(occurrence_id__in={r.occurrence_id for r in new})
            .values_list("pk", flat=True)
        )
        for pk in ids:
            transaction.on_commit(partial(send_reminder_mail.enqueue, pk))
    return len(new)
