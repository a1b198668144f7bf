"""The dispatcher: the audit trail read as an outbox.

Every service writes an audit event in the transaction of its change, so an event that
can be read was committed. The dispatcher reads the events past its cursor whose action
``events.ACTIONS`` names, in number order, and makes their notifications, keyed by the
event's number (``audit:<id>``) so no event is told twice.

Numbers are taken in one order and committed in another (an event numbered 5 may commit
after 7), so the cursor only moves past events older than ``SETTLE``: every event
numbered up to the cursor was written that long ago, and no transaction runs that long.
Events newer than that are read again on the next run, and their keys keep them from
being told twice. It reads no field of the chain (``hash``, ``xact``): only numbers,
actions and times.

It runs as a task after each request that wrote audit events, and from
``manage.py notifications_run`` (periodic), so events written by the task worker or a
command are told too.
"""

from datetime import timedelta
from typing import Any

from django.core.signals import request_finished, request_started
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from wenming.audit.models import AuditEvent
from wenming.audit.services import events_written
from wenming.coalesce import enqueue_soon

from .events import ACTIONS
from .models import Cursor
from .services import notifications_create

#: Events this much older than now are settled: every transaction that wrote below them
#: has ended.
SETTLE = timedelta(minutes=10)
#: Events read per run.
BATCH = 2000
_CURSOR = "audit"
_PENDING = "wenming:notifications:dispatch-pending"
#: After a commit, the dispatcher runs within this many seconds.
DELAY = 1


def dispatch(now: Any = None) -> int:
    """Tell the audit trail's new events; returns how many notifications were made."""
    now = now or timezone.now()
    cursor, _created = Cursor.objects.get_or_create(name=_CURSOR)
    events = list(
        AuditEvent.objects.filter(pk__gt=cursor.last_id, action__in=list(ACTIONS)).order_by("pk")[
            :BATCH
        ]
    )
    made = 0
    for event in events:
        messages = ACTIONS[event.action](event)
        actor = event.actor_name if event.actor_name != "system" else ""
        made += len(
            notifications_create(
                messages=[
                    (f"audit:{event.pk}", m if m.actor else _with_actor(m, actor)) for m in messages
                ]
            )
        )
    _advance(cursor, now, events)
    return made


def _with_actor(message: Any, actor: str) -> Any:
    from dataclasses import replace  # noqa: PLC0415

    return replace(message, actor=actor)


def _advance(cursor: Cursor, now: Any, events: list[AuditEvent]) -> None:
    """Move the cursor past every event settled before ``now - SETTLE``: the highest
    number written before then, whatever its action, but never past an unread event."""
    horizon = now - SETTLE
    settled = (
        AuditEvent.objects.filter(pk__gt=cursor.last_id, at__lt=horizon)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    if settled is None:
        return
    if len(events) == BATCH:
        # A full batch: events past the last one read are not read yet.
        settled = min(settled, events[-1].pk)
    Cursor.objects.filter(pk=cursor.pk, last_id=cursor.last_id).update(last_id=settled)


@task()
def dispatch_task() -> int:
    return dispatch()


def _enqueue() -> None:
    enqueue_soon(dispatch_task, _PENDING, DELAY)


def dispatch_soon() -> None:
    """Queue a dispatch after the current transaction commits; the commits of the next
    ``DELAY`` seconds share it (wenming.coalesce), so a burst of saves is one run."""
    transaction.on_commit(_enqueue, robust=True)


_written_at_start: dict[int, int] = {}


def _started(sender: Any, **kwargs: Any) -> None:
    import threading  # noqa: PLC0415

    _written_at_start[threading.get_ident()] = events_written()


def _finished(sender: Any, **kwargs: Any) -> None:
    import threading  # noqa: PLC0415

    before = _written_at_start.pop(threading.get_ident(), None)
    if before is not None and events_written() > before:
        dispatch_soon()


def connect_request_hook() -> None:
    """After a request that wrote audit events, dispatch soon: no service of another app
    need call the notification centre."""
    request_started.connect(_started, dispatch_uid="notifications-started")
    request_finished.connect(_finished, dispatch_uid="notifications-finished")
