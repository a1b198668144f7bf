"""Reading the audit trail: an object's history and the verification of the chain."""

import functools
import re
from collections.abc import Collection

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from wenming.compiled import CompiledQuery, compiled

from .models import FREQUENT_ACTIONS, AuditEvent
from .presentation import FieldChange, action_label, changes
from .sealing import chain_seal
from .verification import SEAL_PATIENCE, ChainBreak, walk_chain

__all__ = ["ChainBreak", "history_for", "timeline_for", "verify_chain"]


def history_for(
    obj: models.Model, limit: int = 200, *, hide: Collection[str] = ()
) -> list[tuple[AuditEvent, str, list[FieldChange]]]:
    """An object's events, newest first, each with its label and labelled field changes.

    ``hide`` leaves out actions too frequent to show (before the limit, so they do not
    crowd out the others).
    """
    events = AuditEvent.objects.for_object(obj).exclude(action__in=hide).order_by("-id")[:limit]
    return [(event, action_label(event.action), changes(event)) for event in events]


def timeline_for(obj: models.Model, limit: int = 200) -> list[tuple[AuditEvent, str]]:
    """An object's workflow, newest first, as :func:`history_for` reads it but without the
    field changes and without the frequent marks (``FREQUENT_ACTIONS``, one event per
    clause, which would crowd the workflow out): a page's 办理记录 (time, person, action
    and the ``after`` it quotes). It reads only those fields, through the partial index of
    the other events, so it stays cheap on a page opened as often as an application's."""
    events = _timeline(limit).list(obj._meta.label_lower, str(obj.pk))
    return [(event, action_label(event.action)) for event in events]


#: The partial index's own condition, as literal SQL: with the actions as parameters,
#: PostgreSQL's generic plan (prepared statements) could not prove it uses the index.
if not all(re.fullmatch(r"[a-z_.]+", action) for action in FREQUENT_ACTIONS):
    raise ImproperlyConfigured("FREQUENT_ACTIONS: an action name to write as SQL text")
_ACTIONS_SQL = ", ".join(f"'{action}'" for action in FREQUENT_ACTIONS)
_WORKFLOW = RawSQL(  # noqa: S611 - the code's own constants, checked just above
    f'NOT ("{AuditEvent._meta.db_table}"."action" IN ({_ACTIONS_SQL}))',
    (),
    output_field=BooleanField(),
)


@functools.cache
def _timeline(limit: int) -> CompiledQuery[[str, str], AuditEvent]:
    """The timeline's query for one limit, compiled once."""

    def events(object_type: str, object_id: str) -> QuerySet[AuditEvent]:
        return (
            AuditEvent.objects.filter(_WORKFLOW, object_type=object_type, object_id=object_id)
            .only("at", "actor_name", "action", "after")
            .order_by("-id")[:limit]
        )

    return compiled(events)


def verify_chain() -> tuple[int, ChainBreak | None]:
    """The keyed chain alone, after sealing what can be sealed: how many events held and
    the first break. The whole check, with the checkpoints and the unsealed events, is
    :func:`wenming.audit.verification.verify_chain`."""
    chain_seal(patience=SEAL_PATIENCE)
    return walk_chain()
