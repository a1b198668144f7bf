"""Writing a framework back to its document form: ``dump``, keys in a fixed order and
optional keys only when they differ from their default."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from wenming.domain.checklists import Checklist
from wenming.domain.frameworks import (
    BonusRule,
    Clause,
    Component,
    CompositeFramework,
    Criterion,
    EvaluationComponent,
    Framework,
    FrameworkComponent,
    ThresholdCondition,
)

from .loading import KIND_CHECKLIST, KIND_COMPOSITE, KIND_FRAMEWORK, Document

# --- writing ----------------------------------------------------------------------------


def _put(out: Document, key: str, value: Any, default: Any) -> None:
    # Optional keys are written only when set, so documents stay short and stable.
    if value != default:
        out[key] = value


def _dec(value: Decimal) -> str:
    return str(value)


def _dump_clause(clause: Clause) -> Document:
    out: Document = {"key": clause.key}
    _put(out, "text", clause.text, "")
    out["points"] = _dec(clause.points)
    _put(out, "methods", [m.value for m in clause.methods], [])
    _put(out, "departments", list(clause.departments), [])
    _put(out, "evidence", list(clause.evidence), [])
    return out


def _dump_criterion(criterion: Criterion) -> Document:
    out: Document = {"number": criterion.number}
    _put(out, "text", criterion.text, "")
    out["points"] = _dec(criterion.points)
    out["clauses"] = [_dump_clause(c) for c in criterion.clauses]
    return out


def _dump_bonus(rule: BonusRule) -> Document:
    out: Document = {"key": rule.key, "name": rule.name, "cap": _dec(rule.cap)}
    _put(out, "window_start", rule.window_start and rule.window_start.isoformat(), None)
    _put(out, "window_end", rule.window_end and rule.window_end.isoformat(), None)
    _put(out, "once_per_content", rule.once_per_content, False)
    levels = []
    for level in rule.levels:
        entry: Document = {"level": level.level, "points": _dec(level.points)}
        _put(entry, "text", level.text, "")
        levels.append(entry)
    out["levels"] = levels
    _put(out, "text", rule.text, "")
    _put(out, "methods", [m.value for m in rule.methods], [])
    _put(out, "departments", list(rule.departments), [])
    return out


def _dump_condition(condition: ThresholdCondition) -> Document:
    out: Document = {"key": condition.key, "kind": condition.kind.value}
    if condition.numerator is not None:
        out["numerator"] = condition.numerator.value
    if condition.denominator is not None:
        out["denominator"] = condition.denominator.value
    _put(out, "questionnaire", condition.questionnaire, "")
    out["minimum"] = _dec(condition.minimum)
    _put(out, "all_required_below", condition.all_required_below, None)
    return out


def _dump_framework(framework: Framework) -> Document:
    out: Document = {"kind": KIND_FRAMEWORK, "code": framework.code, "name": framework.name}
    _put(out, "issuing_body", framework.issuing_body, "")
    out["category"] = framework.category.value
    out["level"] = framework.level.value if framework.level is not None else None
    _put(out, "edition", framework.edition, "")
    out["version"] = framework.version
    out["step"] = _dec(framework.step)
    _put(out, "notes", framework.notes, "")
    out["items"] = [
        {
            "number": item.number,
            "name": item.name,
            "points": _dec(item.points),
            "criteria": [_dump_criterion(c) for c in item.criteria],
        }
        for item in framework.items
    ]
    out["bonuses"] = [_dump_bonus(b) for b in framework.bonuses]
    out["thresholds"] = [
        {
            "criterion": rule.criterion,
            "points": _dec(rule.points),
            "conditions": [_dump_condition(c) for c in rule.conditions],
        }
        for rule in framework.thresholds
    ]
    out["deductions"] = []
    for deduction in framework.deductions:
        entry: Document = {"key": deduction.key}
        _put(entry, "text", deduction.text, "")
        entry["points"] = _dec(deduction.points)
        if deduction.cap is not None:
            entry["cap"] = _dec(deduction.cap)
        out["deductions"].append(entry)
    out["negative_list"] = [
        {"key": n.key, "text": n.text} if n.text else {"key": n.key}
        for n in framework.negative_list
    ]
    return out


def _dump_component(component: Component) -> Document:
    if isinstance(component, FrameworkComponent):
        out: Document = {"key": component.key, "kind": "framework"}
    elif isinstance(component, EvaluationComponent):
        out = {"key": component.key, "kind": "evaluation"}
    else:
        out = {"key": component.key, "kind": "roster"}
    _put(out, "name", component.name, "")
    out["weight"] = _dec(component.weight)
    if isinstance(component, FrameworkComponent):
        _put(out, "framework", component.framework, "")
    elif isinstance(component, EvaluationComponent):
        _put(out, "party", component.party, "")
        parts = []
        for part in component.parts:
            entry: Document = {"key": part.key}
            _put(entry, "name", part.name, "")
            _put(entry, "party", part.party, "")
            entry["weight"] = _dec(part.weight)
            parts.append(entry)
        _put(out, "parts", parts, [])
    else:
        out["start"] = _dec(component.start)
        out["minimum"] = _dec(component.minimum)
        out["maximum"] = _dec(component.maximum)
        events = []
        for event in component.events:
            entry = {"kind": event.kind}
            _put(entry, "name", event.name, "")
            entry["points"] = _dec(event.points)
            events.append(entry)
        out["events"] = events
    return out


def _dump_composite(composite: CompositeFramework) -> Document:
    out: Document = {"kind": KIND_COMPOSITE, "code": composite.code, "name": composite.name}
    _put(out, "issuing_body", composite.issuing_body, "")
    out["category"] = composite.category.value if composite.category is not None else None
    out["level"] = composite.level.value if composite.level is not None else None
    _put(out, "edition", composite.edition, "")
    out["version"] = composite.version
    _put(out, "notes", composite.notes, "")
    out["components"] = [_dump_component(c) for c in composite.components]
    bands = []
    for band in composite.bands:
        entry: Document = {"code": band.code}
        _put(entry, "name", band.name, "")
        entry["minimum"] = _dec(band.minimum)
        bands.append(entry)
    out["bands"] = bands
    return out


def _dump_checklist(checklist: Checklist) -> Document:
    out: Document = {"kind": KIND_CHECKLIST, "code": checklist.code, "name": checklist.name}
    _put(out, "issuing_body", checklist.issuing_body, "")
    out["category"] = checklist.category.value
    out["level"] = checklist.level.value if checklist.level is not None else None
    _put(out, "edition", checklist.edition, "")
    out["version"] = checklist.version
    _put(out, "notes", checklist.notes, "")
    items = []
    for item in checklist.items:
        conditions = []
        for condition in item.conditions:
            entry: Document = {"key": condition.key, "text": condition.text}
            _put(entry, "methods", [m.value for m in condition.methods], [])
            _put(entry, "departments", list(condition.departments), [])
            conditions.append(entry)
        items.append({"number": item.number, "name": item.name, "conditions": conditions})
    out["items"] = items
    out["negative_list"] = [
        {"key": n.key, "text": n.text} if n.text else {"key": n.key}
        for n in checklist.negative_list
    ]
    return out


def dump(framework: Framework | CompositeFramework | Checklist) -> Document:
    """The document form of ``framework``; ``load(dump(f)) == f``."""
    if isinstance(framework, Framework):
        return _dump_framework(framework)
    if isinstance(framework, Checklist):
        return _dump_checklist(framework)
    return _dump_composite(framework)
