"""Signed checkpoints of the audit chain, kept outside the database.

A checkpoint records the newest event's id and hash, how many events there were, and
when, signed with the audit key (:mod:`wenming.audit.keys`). ``manage.py audit_checkpoint``
writes one, on a schedule (README: a systemd timer or cron line); ``audit_verify`` then
finds events deleted from the end of the chain, which the chain alone cannot show, and a
chain rewritten under the key since. Checkpoints go to a :class:`CheckpointStore`: today
one JSON line per checkpoint in a file per day under ``AUDIT_CHECKPOINT_DIR``; object
storage can be another store with the same two methods.
"""

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from .keys import audit_key, sign, signature_matches
from .models import AuditEvent
from .sealing import GENESIS, chain_seal
from .services import audit_record

#: Seconds a checkpoint waits for its own event to be sealed (older transactions still
#: open hold it back) before it gives up.
SEAL_WAIT = 120.0


class CheckpointNotSealed(RuntimeError):
    """The checkpoint's event could not be sealed in time: nothing was signed."""


@dataclass(frozen=True)
class Checkpoint:
    """The chain's head, its length and the time, as one signed record."""

    head_id: int  # 0 for an empty chain
    head_hash: str
    count: int
    at: datetime

    def fields(self) -> dict[str, object]:
        return {
            "head_id": self.head_id,
            "head_hash": self.head_hash,
            "count": self.count,
            "at": self.at.isoformat(),
        }

    def message(self) -> bytes:
        """What the signature covers, in one canonical form; the prefix keeps a
        checkpoint's signature from ever passing for an event's hash."""
        return b"audit-checkpoint\n" + json.dumps(self.fields(), sort_keys=True).encode()

    def line(self, key: bytes) -> str:
        """The checkpoint as one signed JSON line."""
        signed = self.fields() | {"signature": sign(key, self.message())}
        return json.dumps(signed, sort_keys=True)


@dataclass(frozen=True)
class StoredLine:
    """One line read back from a store, and where it was (for the messages)."""

    source: str
    number: int
    text: str


class CheckpointStore(Protocol):
    """Where checkpoints are kept: appended to, and read back in the order written."""

    def append(self, line: str, at: datetime) -> str: ...

    def lines(self) -> Iterator[StoredLine]: ...


class DirectoryStore:
    """One append-only file per day (``checkpoints-2026-12-01.jsonl``) in a directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def append(self, line: str, at: datetime) -> str:
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"checkpoints-{timezone.localtime(at):%Y-%m-%d}.jsonl"
        with path.open("a", encoding="utf-8") as out:
            out.write(line + "\n")
            out.flush()
            os.fsync(out.fileno())  # a checkpoint that a crash can lose proves nothing
        return str(path)

    def lines(self) -> Iterator[StoredLine]:
        if not self.directory.is_dir():
            return
        for path in sorted(self.directory.glob("checkpoints-*.jsonl")):
            with path.open(encoding="utf-8", errors="replace") as lines:
                for number, text in enumerate(lines, start=1):
                    if text.strip():
                        yield StoredLine(path.name, number, text.strip())


def checkpoint_store() -> CheckpointStore:
    """The configured store: today the directory ``AUDIT_CHECKPOINT_DIR``."""
    return DirectoryStore(settings.AUDIT_CHECKPOINT_DIR)


#: The event each checkpoint leaves in the chain: ``audit_verify`` then knows how many
#: checkpoints there must be, so deleting the checkpoint files (with the newest events)
#: no longer passes for a fresh install that never had one.
CHECKPOINT_ACTION = "audit.checkpoint"


def _sealed() -> "models.QuerySet[AuditEvent]":
    return AuditEvent.objects.filter(hash__isnull=False)


def _count_through(event_id: int, xact: int) -> int:
    """How many sealed events the chain holds up to and including this one."""
    before = Q(xact__lt=xact) | Q(xact=xact, id__lte=event_id)
    return _sealed().filter(before).count()


def current_checkpoint() -> Checkpoint:
    """The sealed chain as it stands: its newest event, and the number of events to it."""
    head = _sealed().order_by("-xact", "-id").values_list("id", "hash", "xact").first()
    if head is None:
        return Checkpoint(0, GENESIS, 0, timezone.now().replace(microsecond=0))
    head_id, head_hash, xact = head
    count = _count_through(head_id, xact)
    return Checkpoint(head_id, head_hash or GENESIS, count, timezone.now().replace(microsecond=0))


def checkpoint_write(
    store: CheckpointStore | None = None, *, wait: float = SEAL_WAIT
) -> tuple[Checkpoint, str]:
    """Record the checkpoint as an event, seal the chain up to it, sign that event as the
    chain's head and append it to the store; the checkpoint and where.

    The event is committed first and sealed after, as every event is: the chain is
    written by concurrent transactions without a lock, so the event can only be signed
    once no older transaction is open (``wait`` seconds at most, else
    :class:`CheckpointNotSealed`; the event then joins the chain later, and
    ``audit_verify`` names it as a checkpoint without its signed line)."""
    key = audit_key()
    chain_seal()
    with transaction.atomic():
        previous = _sealed().order_by("-xact", "-id").first()
        if previous is None:  # an empty chain: nothing to delete, nothing to attach to
            checkpoint = current_checkpoint()
            return checkpoint, (store or checkpoint_store()).append(
                checkpoint.line(key), checkpoint.at
            )
        count = _count_through(previous.pk, previous.xact) + 1
        event = audit_record(
            actor=None, action=CHECKPOINT_ACTION, obj=previous, after={"count": count}
        )
    chain_seal(patience=wait)
    sealed = _sealed().filter(pk=event.pk).values_list("hash", "xact").first()
    if sealed is None:
        raise CheckpointNotSealed(event.pk)
    head_hash, xact = sealed
    # This event, not whatever is newest: other events may have been sealed after it.
    count = _count_through(event.pk, xact)
    checkpoint = Checkpoint(event.pk, head_hash or GENESIS, count, event.at)
    where = (store or checkpoint_store()).append(checkpoint.line(key), checkpoint.at)
    return checkpoint, where


@dataclass(frozen=True)
class BadLine:
    """A stored line that is not a checkpoint signed with the key."""

    line: StoredLine
    reason: str  # "signature" or "unreadable"


def checkpoints_read(
    key: bytes, store: CheckpointStore | None = None
) -> tuple[list[Checkpoint], list[BadLine]]:
    """Every stored checkpoint whose signature holds, and the lines that do not."""
    good: list[Checkpoint] = []
    bad: list[BadLine] = []
    for stored in (store or checkpoint_store()).lines():
        try:
            record = json.loads(stored.text)
            checkpoint = Checkpoint(
                int(record["head_id"]),
                str(record["head_hash"]),
                int(record["count"]),
                datetime.fromisoformat(str(record["at"])),
            )
            signature = str(record["signature"])
        except (ValueError, KeyError, TypeError):
            bad.append(BadLine(stored, "unreadable"))
            continue
        if signature_matches(key, checkpoint.message(), signature):
            good.append(checkpoint)
        else:
            bad.append(BadLine(stored, "signature"))
    return good, bad
