"""How each recorded action reads to a person, as the app that records it says.

Every app whose actions the history pages show keeps a module ``audit_labels.py``
that calls :func:`register_actions`; the audit app imports each of those modules
when Django starts (``AuditConfig.ready``), so the audit app never needs to know
another app's action names.

``model`` names the model whose fields the event's payload holds, when that is not
the model of the object the event is about: ``title.add`` is recorded on an
organization but its payload is a title's fields. ``hidden`` names payload keys the
history pages leave out because they only identify a row the page already shows
(``title_id``: which title an event was about, kept in the record for checks).
``keys`` labels payload keys that are no field of that model (``population``: how many
candidates a draw was made from); without a label the history would show the raw key.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_noop


@dataclass(frozen=True)
class ActionLabel:
    """One action's label, the model its payload describes (None: the object's own),
    and the payload keys the history pages leave out."""

    label: str | Promise
    model: type[models.Model] | None = None
    hidden: frozenset[str] = frozenset()
    keys: Mapping[str, str | Promise] = field(default_factory=dict)


_ACTIONS: dict[str, ActionLabel] = {}


def register_actions(
    labels: Mapping[str, str | Promise],
    *,
    model: type[models.Model] | None = None,
    hidden: Iterable[str] = (),
    keys: Mapping[str, str | Promise] | None = None,
) -> None:
    """Register how these actions read (``{"title.add": _("记录称号")}``); ``model``
    when their payload holds another model's fields than the event's object;
    ``hidden`` for payload keys the history pages do not show; ``keys`` for how payload
    keys read (``{"population": _("候选数")}``), ahead of the model's field labels."""
    left_out = frozenset(hidden)
    for action, label in labels.items():
        _ACTIONS[action] = ActionLabel(label, model, left_out, dict(keys or {}))


def action_label(action: str) -> str:
    """The action as a person reads it; an unregistered action shows its code."""
    entry = _ACTIONS.get(action)
    return str(entry.label) if entry is not None else action


def payload_model(action: str) -> type[models.Model] | None:
    """The model the action's payload describes, when it was registered with one."""
    entry = _ACTIONS.get(action)
    return entry.model if entry is not None else None


def hidden_keys(action: str) -> frozenset[str]:
    """The payload keys of the action that the history pages leave out."""
    entry = _ACTIONS.get(action)
    return entry.hidden if entry is not None else frozenset()


def key_label(action: str, key: str) -> str | None:
    """How the action's payload key reads, when its app labelled it."""
    entry = _ACTIONS.get(action)
    label = entry.keys.get(key) if entry is not None else None
    return str(label) if label is not None else None


def registered_actions() -> dict[str, ActionLabel]:
    """Every registered action (a copy), for checks and tests."""
    return dict(_ACTIONS)


#: Recorded in place of a secret's value (a password hash, a TOTP key): what changed,
#: never the value. Stored in Chinese and translated when shown.
PASSWORD_RESET = gettext_noop("密码已重置")
SECRET_CHANGED = gettext_noop("已更改（内容不记录）")
RECORDED_TEXTS = frozenset({PASSWORD_RESET, SECRET_CHANGED})
