"""An entry's composite score from its stored inputs and its duty records.

The office enters each component's 0..100 score (or each part's, for an evaluation with
parts); a roster component counts the entry's duty records in the review's period. The
arithmetic is the domain's ``score_composite``.
"""

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wenming.domain.frameworks import (
    CompositeFramework,
    EvaluationComponent,
    RosterComponent,
)
from wenming.domain.scoring import ComponentInput, CompositeBreakdown, ScoringError, score_composite


def input_fields(composite: CompositeFramework) -> list[tuple[str, str]]:
    """(field key, label) of every value the office enters; rosters are counted instead."""
    fields = []
    for component in composite.components:
        if isinstance(component, RosterComponent):
            continue
        if isinstance(component, EvaluationComponent) and component.parts:
            for part in component.parts:
                fields.append((f"{component.key}.{part.key}", f"{component.name} · {part.name}"))
        else:
            fields.append((component.key, component.name))
    return fields


def parse_inputs(composite: CompositeFramework, raw: Mapping[str, Any]) -> dict[str, str]:
    """The entered values as canonical decimal strings; blank fields are left out."""
    labels = dict(input_fields(composite))
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    for key, label in labels.items():
        text = str(raw.get(key) or "").strip()
        if not text:
            continue
        try:
            value = Decimal(text)
        except InvalidOperation:
            errors[key] = _("%(label)s：“%(v)s”不是数字。") % {"label": label, "v": text}
            continue
        if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
            errors[key] = _("%(label)s：得分应在 0 到 100 之间。") % {"label": label}
            continue
        values[key] = str(value)
    if errors:
        raise ValidationError(errors)
    return values


def compose(
    composite: CompositeFramework, inputs: Mapping[str, str], roster: Mapping[str, int]
) -> CompositeBreakdown | None:
    """The breakdown, or None while some entered value is still missing."""
    data: dict[str, ComponentInput] = {}
    for component in composite.components:
        if isinstance(component, RosterComponent):
            data[component.key] = {e.kind: roster.get(e.kind, 0) for e in component.events}
        elif isinstance(component, EvaluationComponent) and component.parts:
            keys = [f"{component.key}.{p.key}" for p in component.parts]
            if any(k not in inputs for k in keys):
                return None
            data[component.key] = {
                p.key: Decimal(inputs[f"{component.key}.{p.key}"]) for p in component.parts
            }
        else:
            if component.key not in inputs:
                return None
            data[component.key] = Decimal(inputs[component.key])
    try:
        return score_composite(composite, data)
    except ScoringError as error:  # the inputs were checked; this is a framework problem
        raise ValidationError(_("无法计算综合得分：%(code)s") % {"code": error.code}) from error


def breakdown_json(breakdown: CompositeBreakdown) -> dict[str, Any]:
    return {
        "framework": breakdown.framework,
        "version": breakdown.version,
        "total": str(breakdown.total),
        "grade": breakdown.grade,
        "components": [
            {
                "key": c.key,
                "weight": str(c.weight),
                "score": str(c.score),
                "weighted": str(c.weighted),
                "events": {e.kind: e.count for e in c.events},
            }
            for c in breakdown.components
        ],
    }
