"""Number formats of the ranking pages: two decimals rounded half up, and percentages."""

from collections.abc import Mapping
from decimal import Decimal

from django import template

from wenming.assessment.messages import CONDITION_LABELS, STATUS_LABELS
from wenming.domain.scoring import QuestionnaireResult
from wenming.domain.style import percent_text, score_text

register = template.Library()


@register.filter
def cents(value: Decimal | None) -> str:
    """A score to two decimals, half up (docs/rules.md#arithmetic); empty when there is none.

    The house style's score_text, as ``|score`` (wenming_style) writes it."""
    return "" if value is None else score_text(Decimal(value))


@register.filter
def percent(value: Decimal | None) -> str:
    """A share already in percent (0..100) as the house writes percentages; — when none."""
    return "—" if value is None else percent_text(Decimal(value) / 100)


@register.filter
def percent_of(value: Decimal | None) -> str:
    """A rate (0..1) in percent, at most one decimal, half up (the house ``|percent``)."""
    return percent_text(value)


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
