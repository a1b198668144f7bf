"""Reads of groups and visits: whose a group is (and which owner it must be), a visit's
steps and checklist as rows."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models

from .models import STEPS, Group, Visit


def step_label(step: str) -> str:
    """The step's name as its ``<step>_done`` field says it (听汇报, ...), translated."""
    field = Visit._meta.get_field(f"{step}_done")
    return str(field.verbose_name) if isinstance(field, models.Field) else step


def step_rows(visit: Visit | None, *, photos: bool = False) -> list[dict[str, Any]]:
    """Each step with its label, whether it is done and its notes (and its photos)."""
    rows = []
    for step in STEPS:
        row: dict[str, Any] = {
            "key": step,
            "label": step_label(step),
            "done": getattr(visit, f"{step}_done", False),
            "notes": getattr(visit, f"{step}_notes", ""),
        }
        if photos:
            row["photos"] = [p for p in visit.photos.all() if p.step == step] if visit else []
        rows.append(row)
    return rows


def checklist_rows(visit: Visit | None, items: Sequence[str]) -> list[tuple[str, bool]]:
    """Each checklist item with whether the visit found it."""
    checked: Mapping[str, bool] = visit.site_checklist if visit else {}
    return [(item, checked.get(item, False)) for item in items]


def steps_from_form(data: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The steps as a visit form posts them (``<step>_done`` ticked, ``<step>_notes``)."""
    return {
        step: {"done": data.get(f"{step}_done") == "on", "notes": data.get(f"{step}_notes", "")}
        for step in STEPS
    }


def owned_by(group: Group, owner: models.Model) -> bool:
    """Whether ``group`` belongs to ``owner`` (a round, a review), without a query past the
    content type's (which Django caches)."""
    owner_type = ContentType.objects.get_for_model(owner)
    return (group.owner_type_id, group.owner_id) == (owner_type.pk, owner.pk)


def owner_of[OwnerT: models.Model](group: Group, model: type[OwnerT], *, refusal: str) -> OwnerT:
    """The owner of ``group`` (a round, a review), which must be a ``model``: a group of
    another owner is refused with the owner's ``refusal`` message."""
    owner = group.owner
    if not isinstance(owner, model):
        raise ValidationError(refusal)
    return owner
