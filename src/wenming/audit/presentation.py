"""Showing an audit event to a person: each changed field by its label, before and after.

Action labels, and the model each action's payload describes, come from the apps that
record the actions (their ``audit_labels.py`` modules, see :mod:`wenming.audit.labels`);
which fields changed comes from :func:`wenming.audit.services.diff`.
"""

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from .labels import RECORDED_TEXTS, action_label, hidden_keys, key_label, payload_model
from .models import AuditEvent
from .services import diff

__all__ = ["FieldChange", "action_label", "changes"]


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


def _text(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, str) and value in RECORDED_TEXTS:
        return _(value)  # a marker recorded with gettext_noop
    if isinstance(value, list):
        return _("%(n)d 项") % {"n": len(value)}
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items())
    return str(value)


def _model_for(event: AuditEvent) -> type[models.Model] | None:
    """The model whose fields the payload holds: the one its action was registered
    with ("title.add" on an organization holds a title), else the event's object's."""
    registered = payload_model(event.action)
    if registered is not None:
        return registered
    app_label, _sep, name = event.object_type.partition(".")
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    """The model's own field of that name; a reverse relation (``titles`` on an
    organization) or an unknown key has no label or choices, so it is shown as is."""
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


Cache = dict[tuple[type[models.Model], object], models.Model | None]


def _value(field: models.Field[Any, Any] | None, value: object, cache: Cache) -> str:
    if field is None or value in (None, "") or isinstance(value, list | dict):
        return _text(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    related = field.related_model if field.is_relation else None
    if isinstance(related, type) and issubclass(related, models.Model):
        key = (related, value)
        if key not in cache:
            cache[key] = related._default_manager.filter(pk=value).first()
        if cache[key] is not None:
            return str(cache[key])
    return _text(value)


def _is_own_object(event: AuditEvent, field: models.Field[Any, Any] | None, value: object) -> bool:
    """The key is a foreign key to the event's own object (a title's ``organization`` on
    the organization's history): it repeats what the page already says."""
    related = field.related_model if field is not None and field.is_relation else None
    return (
        isinstance(related, type)
        and related._meta.label_lower == event.object_type
        and str(value) == event.object_id
    )


def changes(event: AuditEvent) -> list[FieldChange]:
    """The fields an event touched, labelled and valued in the reader's language;
    the keys the action's app hides, and a key naming the event's own object, are left out."""
    model = _model_for(event)
    hidden = hidden_keys(event.action)
    before, after = diff(event.before, event.after)
    cache: Cache = {}
    out = []
    for key in after:
        field = _field(model, key)
        if key in hidden or _is_own_object(event, field, after[key] or before.get(key)):
            continue
        # The app's own label for the key first (a field's default verbose name is its
        # English name), then the model's field, then the raw key as the last resort.
        label = key_label(event.action, key) or (
            str(field.verbose_name) if field is not None else key
        )
        out.append(
            FieldChange(
                label, _value(field, before.get(key), cache), _value(field, after[key], cache)
            )
        )
    return out
