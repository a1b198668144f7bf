"""Moving an audit chain hashed with plain SHA-256 (before the key) onto the keyed chain.

A database written before the chain was keyed verifies under plain SHA-256 only (and
events written after the upgrade are keyed, chained on to the old head). ``manage.py
audit_rekey`` checks that old chain as it was (it must be intact: a broken one is not
re-signed), recomputes every hash under the key, records an ``audit.rekey`` event naming
how many events it re-chained and the old head's hash, and writes a checkpoint. What the
old chain proved is unchanged: nothing before the rekey was protected by a key, so keep
the old head hash it prints beside any earlier record of it. Run it once, with the
application stopped (no event may be appended while the chain is rewritten).
"""

from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import QuerySet

from .checkpoints import Checkpoint, checkpoint_write, checkpoints_read
from .keys import audit_key
from .models import AuditEvent, unkeyed_chain_hash
from .sealing import GENESIS, chain_seal
from .services import audit_record
from .verification import walk_chain


def _chain() -> "QuerySet[AuditEvent]":
    """The sealed events in the chain's order."""
    return AuditEvent.objects.filter(hash__isnull=False).order_by("xact", "id")


@dataclass(frozen=True)
class Rekey:
    """What the rekey did: ``broken_at`` names the event where the old chain failed
    (nothing was changed then); ``count`` 0 with no break means it was already keyed."""

    count: int
    old_head: str
    broken_at: int | None = None
    #: A signed checkpoint taken when the chain was already keyed, covering events that
    #: are plain SHA-256 now: the chain was rewritten (downgraded), nothing was changed.
    downgrade: Checkpoint | None = None
    first_unkeyed: int = 0


def _old_chain(key: bytes) -> tuple[int | None, int]:
    """The first event that neither the old chain nor, after it, the keyed chain explains,
    and the first event hashed with plain SHA-256 (0 when none)."""
    prev = GENESIS
    keyed = False
    first_unkeyed = 0
    for event in _chain().iterator(chunk_size=5000):
        payload = event.payload()
        if event.prev_hash != prev:
            return event.pk, first_unkeyed
        if not keyed and event.hash == unkeyed_chain_hash(prev, payload):
            first_unkeyed = first_unkeyed or event.pk
        elif event.hash == event.compute_hash(key):
            keyed = True
        else:
            return event.pk, first_unkeyed
        prev = event.hash
    return None, first_unkeyed


def _downgrade(key: bytes, first_unkeyed: int) -> Checkpoint | None:
    """The newest signed checkpoint at or after the first plain-SHA-256 event: checkpoints
    are signed with the key, so the chain was keyed there, and plain hashes up to it
    were written by someone rewriting the chain without the key."""
    covering = [c for c in checkpoints_read(key)[0] if first_unkeyed and c.head_id >= first_unkeyed]
    return max(covering, key=lambda c: c.head_id, default=None)


def chain_rekey() -> Rekey:
    """Re-chain every event under the key, after checking the old chain."""
    key = audit_key()
    chain_seal()
    if walk_chain(key)[1] is None:
        return Rekey(0, "")
    broken_at, first_unkeyed = _old_chain(key)
    if broken_at is not None:
        return Rekey(0, "", broken_at)
    downgrade = _downgrade(key, first_unkeyed)
    if downgrade is not None:
        return Rekey(0, "", downgrade=downgrade, first_unkeyed=first_unkeyed)
    with transaction.atomic():
        prev = GENESIS
        updates = []
        old_head = GENESIS
        last = None
        for event in _chain().iterator(chunk_size=5000):
            event.prev_hash = prev
            digest = event.compute_hash(key)
            updates.append((prev, digest, event.pk))
            prev, old_head, last = digest, event.hash or GENESIS, event
        table = connection.ops.quote_name(AuditEvent._meta.db_table)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET prev_hash = %s, hash = %s WHERE id = %s",  # noqa: S608  (the table's own name)
                updates,
            )
        if last is not None:
            audit_record(
                actor=None,
                action="audit.rekey",
                obj=last,
                after={"events": len(updates), "unkeyed_head": old_head},
            )
    checkpoint_write()
    return Rekey(len(updates), old_head)
