"""The house style in templates (docs/rules.md#style): ``{% load wenming_style %}``.

``{{ campaign.edition|edition }}`` → 第二十届, ``{{ total|score }}`` → 87.50,
``{{ ratio|percent }}`` → 20%. Dates need no filter of ours: ``{{ day|date }}`` uses the
language's ``DATE_FORMAT``, 2026年12月1日 in zh-hans, and ``{{ moment|date:"DATETIME_FORMAT" }}``
adds the time; ``{{ moment|datetime_seconds }}`` to the second, where the order of two moments
is the point (the committed draw). Never ``date:"Y-m-d"`` in front of a user; tests/core/
test_house_style.py keeps the templates to this.
"""

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django import template

from wenming.documents.style import datetime_words, edition_words
from wenming.domain.style import percent_text, score_text

register = template.Library()


@register.filter
def edition(value: int | str | None) -> str:
    """An edition in words: 20 → 第二十届 (Edition 20 in English)."""
    if value in (None, ""):
        return ""
    return edition_words(int(value))


@register.filter
def score(value: Decimal | int | float | str | None) -> str:
    """A score to two decimals, half up; — when there is none."""
    if value in (None, ""):
        return "—"
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return score_text(number)


@register.filter
def percent(value: Decimal | int | float | str | None) -> str:
    """A ratio (0–1) as a percentage: 1 → 100%, 0.333 → 33.3%."""
    if value in (None, ""):
        return "—"
    return percent_text(Decimal(str(value)))


@register.filter
def datetime_seconds(value: datetime | None) -> str:
    """2026年12月1日 09:05:07 in the site's time zone; empty when there is none."""
    if value is None or value == "":
        return ""
    return datetime_words(value, seconds=True)
