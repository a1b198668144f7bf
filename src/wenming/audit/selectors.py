"""Reading the audit trail: an object's history and the verification of the chain."""

from collections.abc import Collection, Iterator
from dataclasses import dataclass

from django.db import models

from .models import AuditEvent
from .presentation import FieldChange, action_label, changes
from .services import GENESIS


@dataclass(frozen=True)
class ChainBreak:
    """The first event whose chain is broken, and how."""

    event_id: int
    reason: str  # "hash" (the row was changed) or "link" (a row before it is missing or changed)


def history_for(
    obj: models.Model, limit: int = 200, *, hide: Collection[str] = ()
) -> list[tuple[AuditEvent, str, list[FieldChange]]]:
    """An object's events, newest first, each with its label and labelled field changes.

    ``hide`` leaves out actions too frequent to show (before the limit, so they do not
    crowd out the others).
    """
    events = AuditEvent.objects.for_object(obj).exclude(action__in=hide).order_by("-id")[:limit]
    return [(event, action_label(event.action), changes(event)) for event in events]


def _events() -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("id").iterator(chunk_size=5000)


def verify_chain() -> tuple[int, ChainBreak | None]:
    """Walk the chain from the start; return how many events held and the first break."""
    prev = GENESIS
    checked = 0
    for event in _events():
        if event.prev_hash != prev:
            return checked, ChainBreak(event.pk, "link")
        if event.compute_hash() != event.hash:
            return checked, ChainBreak(event.pk, "hash")
        prev = event.hash
        checked += 1
    return checked, None
