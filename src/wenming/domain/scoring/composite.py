"""Composite frameworks (docs/rules.md#periodic-reviews): weighted components, each a
framework's breakdown, an evaluation's parts or a roster's events, graded by bands."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Any

from wenming.domain.frameworks import (
    HUNDRED,
    ZERO,
    CompositeFramework,
    EvaluationComponent,
    FrameworkComponent,
    RosterComponent,
)

from .arithmetic import MEAN_CONTEXT, SUM_CONTEXT, ScoringError
from .breakdown import Breakdown


@dataclass(frozen=True, slots=True)
class PartResult:
    key: str
    weight: Decimal
    score: Decimal


@dataclass(frozen=True, slots=True)
class EventResult:
    kind: str
    count: int
    points: Decimal


@dataclass(frozen=True, slots=True)
class ComponentResult:
    key: str
    weight: Decimal
    score: Decimal  # 0..100
    weighted: Decimal  # weight * score
    parts: tuple[PartResult, ...] = ()
    events: tuple[EventResult, ...] = ()
    unbounded: Decimal | None = None  # a roster's value before its bounds


@dataclass(frozen=True, slots=True)
class CompositeBreakdown:
    framework: str
    version: int
    total: Decimal
    components: tuple[ComponentResult, ...]
    grade: str  # the band's code, empty when the framework has no bands


ComponentInput = Decimal | Breakdown | Mapping[str, Decimal] | Mapping[str, int]


def score_composite(
    composite: CompositeFramework, inputs: Mapping[str, ComponentInput]
) -> CompositeBreakdown:
    """Score a composite framework from one input per component key.

    A framework component takes a ``Breakdown`` (normalized to 0..100 by its maximum) or a
    0..100 ``Decimal``; an evaluation a 0..100 ``Decimal``, or its parts' scores by part key;
    a roster the count of each event kind.
    """
    for key in inputs:
        if not any(c.key == key for c in composite.components):
            raise ScoringError("component_unknown", component=key)
    with localcontext(SUM_CONTEXT):
        results = []
        for component in composite.components:
            if component.key not in inputs:
                raise ScoringError("component_missing", component=component.key)
            value = inputs[component.key]
            if isinstance(component, RosterComponent):
                result = _roster(component, value)
            elif isinstance(component, EvaluationComponent):
                result = _evaluation(component, value)
            else:
                result = _framework_component(component, value)
            results.append(result)
        total = sum((r.weighted for r in results), ZERO)
        band = composite.grade(total)
        return CompositeBreakdown(
            composite.code,
            composite.version,
            total,
            tuple(results),
            band.code if band is not None else "",
        )


def _score_0_100(value: object, **where: Any) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ScoringError("component_score_invalid", value=value, **where)
    if not ZERO <= value <= HUNDRED:
        raise ScoringError("component_score_out_of_range", value=value, **where)
    return value


def _framework_component(component: FrameworkComponent, value: object) -> ComponentResult:
    if isinstance(value, Breakdown):
        if component.framework and value.framework != component.framework:
            raise ScoringError(
                "component_framework_mismatch",
                component=component.key,
                expected=component.framework,
                given=value.framework,
            )
        # Bonuses may lift a total above the maximum; the component scale stops at 100.
        capped = min(max(value.total, ZERO), value.maximum)
        score = MEAN_CONTEXT.divide(capped * HUNDRED, value.maximum)
    else:
        score = _score_0_100(value, component=component.key)
    return ComponentResult(component.key, component.weight, score, component.weight * score)


def _evaluation(component: EvaluationComponent, value: object) -> ComponentResult:
    if not component.parts:
        score = _score_0_100(value, component=component.key)
        return ComponentResult(component.key, component.weight, score, component.weight * score)
    if not isinstance(value, Mapping):
        raise ScoringError("component_parts_missing", component=component.key)
    parts = []
    for part in component.parts:
        if part.key not in value:
            raise ScoringError("component_part_missing", component=component.key, part=part.key)
        part_score = _score_0_100(value[part.key], component=component.key, part=part.key)
        parts.append(PartResult(part.key, part.weight, part_score))
    for key in value:
        if not any(p.key == key for p in component.parts):
            raise ScoringError("component_part_unknown", component=component.key, part=key)
    score = sum((p.weight * p.score for p in parts), ZERO)
    return ComponentResult(
        component.key, component.weight, score, component.weight * score, tuple(parts)
    )


def _roster(component: RosterComponent, value: object) -> ComponentResult:
    if not isinstance(value, Mapping):
        raise ScoringError("roster_counts_missing", component=component.key)
    points = {event.kind: event.points for event in component.events}
    events = []
    raw = component.start
    for kind, count in value.items():
        if kind not in points:
            raise ScoringError("roster_event_unknown", component=component.key, kind=kind)
        if not isinstance(count, int) or count < 0:
            raise ScoringError("roster_count_invalid", component=component.key, kind=kind)
        events.append(EventResult(kind, count, points[kind] * count))
        raw += points[kind] * count
    # The bulletin counts events over the period, so the bounds apply to the final value.
    score = min(max(raw, component.minimum), component.maximum)
    return ComponentResult(
        component.key,
        component.weight,
        score,
        component.weight * score,
        events=tuple(events),
        unbounded=raw,
    )
