"""Sealing: linking written audit events into the chain, in order, after their commit.

Writers never wait for one another. An event is written in its writer's transaction with
its number (``id``, from the table's sequence), the writer's transaction id (``xact``)
and its ``mac`` (:mod:`wenming.audit.models`), but with no link: the writer reads no
chain head and takes no lock. The sealer, run as a task after commit
(:func:`seal_soon`), by ``audit_verify`` and by ``audit_checkpoint``, then links the
unsealed events into the chain in the order (xact, id), each ``hash`` the HMAC of the
previous hash and its ``mac``.

Why sealing in (xact, id) order is sound, i.e. the sealed chain is a prefix that no event
can ever join below its end. Numbers are taken in one order and committed in another, so
number order alone is not safe: an event numbered 5 may still be uncommitted while 7 is
committed. Transaction ids order the events instead. On PostgreSQL the sealer reads
``pg_snapshot_xmin(pg_current_snapshot())``, the oldest transaction still running (its
own included). Every transaction with a smaller id has ended: its events are committed
and visible, or rolled back and gone for good. Every transaction still running, or yet
to start, has an id at least xmin. So the events with xact < xmin are a final set, and
every event that becomes visible later sorts after all of them: sealing them in (xact,
id) order, after everything sealed before, never puts a later event below the chain's
end. One more case keeps a single transaction whole: when the sealer's own transaction
is the oldest running one (xmin is its own id), its own events are sealed too. Any event
it writes afterwards has its xact and a higher id, so it still sorts after them, and a
rollback takes the seals with the events. Older transactions still open hold sealing
back (not writing): ``audit_verify`` reports the events still unsealed and fails on any
older than its bound.

SQLite runs one write transaction at a time (``BEGIN IMMEDIATE``), so everything a sealer
sees is committed or its own, no one can commit below it, and ``xact`` is 0: the same
code seals every unsealed event, in id order.

Sealers exclude one another with ``pg_advisory_xact_lock``, held to the end of the
sealer's transaction (writers never take it). Nothing is kept in the session, so this
works behind pgbouncer in transaction mode.

A row inserted or copied by hand, with no key, is sealed like any other and then named by
``audit_verify``: its ``mac`` does not cover its content and number. An event deleted
between its commit and its sealing (seconds) leaves no trace, as the newest events do
between two checkpoints.
"""

import time

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.tasks import task

from wenming.coalesce import enqueue_soon

from .keys import audit_key
from .models import AuditEvent, link_hash

GENESIS = "0" * 64
# Any fixed number: PostgreSQL's advisory lock that one sealer at a time holds.
_SEAL_LOCK = 0x57454E4D
#: Events linked per statement.
_BATCH = 3000
#: After a commit, the sealer runs within this many seconds; commits in between share it.
SEAL_DELAY = 1
#: While older transactions hold sealing back, the task looks again this often.
RETRY_DELAY = 5
_PENDING = "wenming:audit:seal-pending"


def _horizon() -> int | None:
    """The first transaction id not yet sealable; None: every visible event is (SQLite)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SEAL_LOCK])
        # After the lock: the snapshot, and the head read next, postdate the last sealer.
        cursor.execute(
            "SELECT pg_snapshot_xmin(pg_current_snapshot())::text,"
            " pg_current_xact_id_if_assigned()::text"
        )
        xmin, own = cursor.fetchone()
    oldest = int(xmin)
    # The oldest running transaction is this one: its own events are sealable too.
    return oldest + 1 if own is not None and int(own) == oldest else oldest


def _unsealed(horizon: int | None) -> "QuerySet[AuditEvent]":
    events = AuditEvent.objects.filter(hash__isnull=True)
    if horizon is not None:
        events = events.filter(xact__lt=horizon)
    return events.order_by("xact", "id")


def chain_head() -> str:
    """The hash of the chain's newest sealed event (GENESIS for an empty chain)."""
    head = (
        AuditEvent.objects.filter(hash__isnull=False)
        .order_by("-xact", "-id")
        .values_list("hash", flat=True)
        .first()
    )
    return head or GENESIS


def _link(rows: list[tuple[int, str, str]]) -> None:
    """Set (id, prev_hash, hash) on unsealed rows, one statement per batch."""
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    values = ", ".join(["(%s, %s, %s)"] * len(rows))
    # VALUES names its columns column1… on both databases; the sealer is the only
    # writer of these two columns (the ORM refuses updates of events).
    sql = (
        f"UPDATE {table} SET prev_hash = v.column2, hash = v.column3 "  # noqa: S608  (constants)
        f"FROM (VALUES {values}) AS v WHERE {table}.id = v.column1 AND {table}.hash IS NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])


def chain_seal(*, patience: float = 0.0) -> int:
    """Link every event that can be sealed into the chain; how many were sealed.

    With ``patience``, wait up to that many seconds for older transactions to end while
    committed events are held back by them (``audit_verify``, ``audit_checkpoint``)."""
    key = audit_key()
    deadline = time.monotonic() + patience
    sealed = 0
    while True:
        with transaction.atomic():
            horizon = _horizon()
            prev = chain_head()
            after = Q()
            # From the last key sealed, not from the start: the rows just sealed stay in
            # the partial index as dead entries until vacuum, and rescanning them is quadratic.
            while batch := list(
                _unsealed(horizon).filter(after).values_list("xact", "id", "mac")[:_BATCH]
            ):
                rows = []
                for _xact, event_id, mac in batch:
                    digest = link_hash(key, prev, mac)
                    rows.append((event_id, prev, digest))
                    prev = digest
                _link(rows)
                sealed += len(rows)
                last_xact, last_id = batch[-1][0], batch[-1][1]
                after = Q(xact__gt=last_xact) | Q(xact=last_xact, id__gt=last_id)
        if time.monotonic() >= deadline or not unsealed_exist():
            return sealed
        time.sleep(0.05)


def unsealed_exist() -> bool:
    return AuditEvent.objects.filter(hash__isnull=True).exists()


@task()
def seal_chain() -> None:
    """The sealer as a background task; while older transactions hold events back, it
    looks again a little later."""
    chain_seal()
    if unsealed_exist() and seal_chain.get_backend().supports_defer:
        _enqueue(RETRY_DELAY)


def _enqueue(delay: int = SEAL_DELAY) -> None:
    # Coalesced (wenming.coalesce): commits within the delay share one run.
    enqueue_soon(seal_chain, _PENDING, delay)


def seal_soon() -> None:
    """Have the sealer run after the current transaction commits (once per transaction)."""
    conn = transaction.get_connection()
    if any(func is _enqueue for _sids, func, _robust in conn.run_on_commit):
        return
    # Robust: the change is committed; a queue that is down must not fail the request
    # (the next commit, audit_verify or audit_checkpoint seals the events).
    transaction.on_commit(_enqueue, robust=True)
