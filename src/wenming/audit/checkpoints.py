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
from django.db import transaction
from django.utils import timezone

from .keys import audit_key, sign, signature_matches
from .models import AuditEvent
from .services import GENESIS, audit_record


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


def current_checkpoint() -> Checkpoint:
    """The chain as it stands: the newest event, and the number of events up to it."""
    head = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
    head_id, head_hash = head if head is not None else (0, GENESIS)
    count = AuditEvent.objects.filter(id__lte=head_id).count()
    return Checkpoint(head_id, head_hash, count, timezone.now().replace(microsecond=0))


def checkpoint_write(store: CheckpointStore | None = None) -> tuple[Checkpoint, str]:
    """Record the checkpoint as an event, sign the chain's head (that event) and append it
    to the store; the checkpoint and where. A store that fails takes the event with it."""
    key = audit_key()
    with transaction.atomic():
        previous = AuditEvent.objects.order_by("-id").first()
        if previous is None:  # an empty chain: nothing to delete, nothing to attach to
            checkpoint = current_checkpoint()
        else:
            event = audit_record(
                actor=None,
                action=CHECKPOINT_ACTION,
                obj=previous,
                after={"count": AuditEvent.objects.count() + 1},
            )
            # This event, not whatever is newest: another writer may append meanwhile.
            count = AuditEvent.objects.filter(id__lte=event.pk).count()
            checkpoint = Checkpoint(event.pk, event.hash, count, event.at)
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
