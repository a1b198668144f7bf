"""Number formats of the ranking pages: two decimals rounded half up, and percentages."""

from collections.abc import Mapping
from decimal import Decimal

from django import template

from wenming.assessment.messages import CONDITION_LABELS, STATUS_LABELS
from wenming.domain.scoring import QuestionnaireResult, quantize2

register = template.Library()


@register.filter
def cents(value: Decimal | None) -> str:
    """A score to two decimals, half up (docs/rules.md#arithmetic); empty when there is none."""
    return "" if value is None else f"{quantize2(Decimal(value)):.2f}"


@register.filter
def percent(value: Decimal | None) -> str:
    """A share in percent, whole, half up; a dash when it cannot be computed."""
    if value is None:
        return "—"
    return f"{Decimal(value).quantize(Decimal(1), rounding='ROUND_HALF_UP')}%"


@register.filter
def percent_of(value: Decimal | None) -> str:
    """A rate (0..1) in percent to one decimal, half up."""
    if value is None:
        return "—"
    return f"{(Decimal(value) * 100).quantize(Decimal('0.1'), rounding='ROUND_HALF_UP')}%"


@register.filter
def condition_label(key: str) -> str:
    return str(CONDITION_LABELS.get(key, key))


@register.filter
def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(str(status), status))


@register.filter
def split(value: str) -> list[str]:
    return value.split()


@register.filter
def get(mapping: Mapping[str, object], key: str) -> object:
    return mapping.get(key)


@register.filter
def rate(result: QuestionnaireResult) -> str:
    """A questionnaire result as a percentage to one decimal."""
    positive, respondents = result.positive, result.respondents
    return percent_of(Decimal(positive) / Decimal(respondents))
