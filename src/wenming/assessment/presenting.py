"""Shaping the marking page: the marks a clause allows (the page itself is built by
``selectors.marking_sheet``)."""

from decimal import Decimal


def choices(points: Decimal, step: Decimal) -> list[Decimal]:
    """Every mark a clause allows: 0, step, 2×step … points."""
    return [step * k for k in range(int(points / step) + 1)]
