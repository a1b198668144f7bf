"""Writing audit events: the one way every service records a change of state.

``audit_record`` must run inside the caller's transaction, so the event and the
change it describes are saved together or not at all. Writers take no lock and read no
chain head: each event gets its number and its ``mac`` here, and the sealer links it into
the chain after the commit (:mod:`wenming.audit.sealing`, which says why that is sound).
"""

import json
from collections.abc import Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from .keys import audit_key
from .models import AuditEvent, event_mac
from .sealing import GENESIS as GENESIS  # the chain's start, where the callers know it
from .sealing import seal_soon

#: Who did it: a signed-in person, the anonymous public (a questionnaire), or the system.
#: The user model is named by its base class: the audit app and ``wenming.accounts``
#: are siblings (docs/architecture.md#layers).
Actor = AbstractBaseUser | AnonymousUser | None

_NATIVE = (str, int, float, bool, type(None))


_NATIVE_TYPES = frozenset(_NATIVE)


def jsonable(value: object) -> Any:
    """Decimals, dates and the like as the strings JSON will keep exactly."""
    if isinstance(value, _NATIVE):
        return value
    if isinstance(value, dict):
        native = _NATIVE_TYPES
        return {
            k if type(k) is str else str(k): v if type(v) in native else jsonable(v)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def snapshot(instance: models.Model, fields: Sequence[str]) -> dict[str, Any]:
    """The named fields of an instance (foreign keys by id) as JSON-safe values."""
    attnames = _attnames(type(instance), tuple(fields))
    return {name: jsonable(getattr(instance, att)) for name, att in attnames}


# Keyed by (model, field list): the callers pass their own literal field lists
# (TITLE_FIELDS, ["key", "count", "reason"], ...), so the keys are a few hundred at most;
# the bound only guards against a caller that builds its lists at run time.
@lru_cache(maxsize=1024)
def _attnames(model: type[models.Model], fields: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((name, _own_field(model, name).attname) for name in fields)


def _own_field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model._meta.label}.{name} is a reverse relation, not a field to record")
    return field


def diff(
    before: dict[str, Any] | None, after: dict[str, Any] | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that changed, on each side, in the order they were recorded.

    Without a state before (a creation), every field set counts as changed. This is
    the one field diff: the history pages show what it returns."""
    before = before or {}
    after = after or {}
    if before:
        keys = [k for k in after if before.get(k) != after.get(k)]
        keys += [k for k in before if k not in after]
    else:
        keys = list(after)
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


@dataclass(frozen=True)
class Change:
    """One change to record: an action on an object, with the state on each side."""

    action: str
    obj: models.Model
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    # ``str(obj)`` when the caller already has it (a bulk move names thousands of objects).
    label: str | None = None


def _numbers(count: int) -> tuple[int, list[int]]:
    """The writing transaction's id and ``count`` fresh event numbers, in one statement.

    Numbers come from the table's own sequence, taken here so that each ``mac`` covers
    its event's number: a row copied by hand carries a number its ``mac`` does not."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit events must be written inside the change's transaction")
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_current_xact_id()::text::bigint,"
                " nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            rows = cursor.fetchall()
            return rows[0][0], [number for _xact, number in rows]
        # SQLite: this transaction is the only writer (BEGIN IMMEDIATE), so the numbers
        # after the highest ever given (AUTOINCREMENT's record, or a row's) are free.
        quoted = connection.ops.quote_name(table)
        cursor.execute(
            "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0),"  # noqa: S608  (the table's own name)
            f" COALESCE((SELECT MAX(id) FROM {quoted}), 0))",
            [table],
        )
        last = int(cursor.fetchone()[0])
    return 0, list(range(last + 1, last + 1 + count))


def _actor_fields(actor: Actor) -> dict[str, Any]:
    if not isinstance(actor, AbstractBaseUser):
        return {"actor_id": None, "actor_name": "system"}
    name = getattr(actor, "display_name", "") or actor.get_username()
    return {"actor_id": actor.pk, "actor_name": name}


# How many events this thread (or task) has written: the admin site asks it to tell
# whether a service already audited what an admin page saved.
_WRITTEN: ContextVar[int] = ContextVar("audit_events_written", default=0)


def events_written() -> int:
    """How many audit events the current thread or task has written so far."""
    return _WRITTEN.get()


#: From this many events on, they are written with COPY (PostgreSQL) or executemany.
_FAST = 500
_COLUMNS = (
    "id", "xact", "mac", "at", "actor_id", "actor_name", "action", "object_type", "object_id",
    "object_repr", "before", "after",
)  # fmt: skip
_JSON = (_COLUMNS.index("before"), _COLUMNS.index("after"))


def audit_record_many(*, actor: Actor, changes: Iterable[Change]) -> list[AuditEvent]:
    """Write several events in one go (imports and the ranking's moves write tens of
    thousands): their ``mac`` in one tight loop over plain values, then one batched insert
    (COPY on PostgreSQL for many); the sealer chains them after the commit. Each ``mac`` is
    keyed (:mod:`wenming.audit.keys`); without a key, and DEBUG off, nothing is written."""
    key = audit_key()
    changes = list(changes)
    if not changes:
        return []
    xact, numbers = _numbers(len(changes))
    # Microseconds are dropped so the timestamp reads back identically on every database.
    at: datetime = timezone.now().replace(microsecond=0)
    who = _actor_fields(actor)
    actor_id, actor_name = who["actor_id"], who["actor_name"]
    stamp = at.isoformat()
    rows = []
    for number, change in zip(numbers, changes, strict=True):
        obj = change.obj
        before = jsonable(change.before) if change.before is not None else None
        after = jsonable(change.after) if change.after is not None else None
        label = change.label if change.label is not None else str(obj)
        object_type, object_id, object_repr = obj._meta.label_lower, str(obj.pk), label[:255]
        # The same payload as AuditEvent.compute_mac, without building the event first.
        mac = event_mac(
            key,
            number,
            {
                "at": stamp,
                "actor": actor_id,
                "actor_name": actor_name,
                "action": change.action,
                "object_type": object_type,
                "object_id": object_id,
                "object_repr": object_repr,
                "before": before,
                "after": after,
            },
        )
        rows.append((number, xact, mac, at, actor_id, actor_name, change.action, object_type,
                     object_id, object_repr, before, after))  # fmt: skip
    _WRITTEN.set(_WRITTEN.get() + len(rows))
    seal_soon()
    if len(rows) < _FAST:
        _insert_values(rows)
    else:
        _insert(rows)
    return [AuditEvent(**dict(zip(_COLUMNS, row, strict=True))) for row in rows]


def _insert_values(rows: list[tuple[Any, ...]]) -> None:
    """Write a few event rows with one plain INSERT: the ORM's bulk_create compiled its
    statement for every save, a third of the event's cost in a mark's save."""
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    b, a = _JSON
    json_mark = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
    marks = ", ".join(json_mark if i in _JSON else "%s" for i in range(len(_COLUMNS)))
    values = ", ".join([f"({marks})"] * len(rows))
    at = connection.ops.adapt_datetimefield_value
    params: list[Any] = []
    for row in rows:
        before, after = row[b], row[a]
        params += [*row[:3], at(row[3]), *row[4:b]]
        params += [
            None if before is None else json.dumps(before),
            None if after is None else json.dumps(after),
        ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(_COLUMNS)}) VALUES {values}",  # noqa: S608  (names are constants)
            params,
        )


def _insert(rows: list[tuple[Any, ...]]) -> None:
    """Write event rows as they are: COPY on PostgreSQL, executemany elsewhere; the JSON
    columns as the ORM would store them."""
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    columns = ", ".join(_COLUMNS)
    dumps = json.dumps
    b, a = _JSON
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    before, after = row[b], row[a]
                    copy.write_row(
                        (*row[:b], None if before is None else dumps(before, ensure_ascii=False),
                         None if after is None else dumps(after, ensure_ascii=False))
                    )  # fmt: skip
            return
        at = connection.ops.adapt_datetimefield_value(rows[0][3])
        marks = ", ".join(["%s"] * len(_COLUMNS))
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608  (names are constants)
            [
                (*row[:3], at, *row[4:b], None if row[b] is None else dumps(row[b]),
                 None if row[a] is None else dumps(row[a]))
                for row in rows
            ],
        )  # fmt: skip


def audit_record(
    *,
    actor: Actor,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain."""
    return audit_record_many(actor=actor, changes=[Change(action, obj, before, after)])[0]
