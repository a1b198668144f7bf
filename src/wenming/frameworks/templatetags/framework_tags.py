"""Template filters for framework figures: points, percentages, methods, component kinds."""

from decimal import Decimal

from django import template

from wenming.domain.frameworks import (
    EvaluationComponent,
    FrameworkComponent,
    Method,
    RosterComponent,
)
from wenming.frameworks.diff import FrameworkDiff
from wenming.frameworks.presenting import BONUS_LEVEL_LABELS, methods_text, percent, points

register = template.Library()


@register.filter
def pts(value: Decimal | str | None) -> str:
    """Points without trailing zeros; a dash when there are none (a missing side of a diff)."""
    if value is None or value == "":
        return "—"
    return points(Decimal(value))


@register.filter
def pct(value: Decimal) -> str:
    """A fraction as a percentage."""
    return percent(value)


@register.filter
def methods(value: tuple[Method, ...]) -> str:
    """Assessment methods as the official table lists them."""
    return methods_text(value)


@register.filter
def joined(value: tuple[str, ...]) -> str:
    """Departments and the like, joined with the Chinese list comma."""
    return "、".join(value)


@register.filter
def bonus_level(value: str) -> str:
    """A bonus level's label."""
    return str(BONUS_LEVEL_LABELS.get(value, value))


@register.filter
def component_kind(value: object) -> str:
    """Which sort of composite component this is: framework, evaluation or roster."""
    if isinstance(value, FrameworkComponent):
        return "framework"
    if isinstance(value, EvaluationComponent):
        return "evaluation"
    if isinstance(value, RosterComponent):
        return "roster"
    return ""


@register.filter
def criteria_count(diff: FrameworkDiff, status: str) -> int:
    """How many criteria of a diff have ``status``."""
    return diff.count("criterion", status)


@register.filter
def clause_count(diff: FrameworkDiff, status: str) -> int:
    """How many clauses of a diff have ``status``."""
    return diff.count("clause", status)
