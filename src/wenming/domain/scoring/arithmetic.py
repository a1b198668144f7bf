"""Scoring arithmetic: exact decimals, the one rounded step, and how marks combine.

See docs/rules.md#arithmetic and docs/rules.md#aggregation. Sums, caps and weights are
exact; the one inexact step is the mean of several assessors' marks, kept to
``MEAN_DIGITS`` significant digits (rounded half up). Displays round with ``quantize2``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Context, Decimal
from enum import StrEnum
from typing import Any

from wenming.domain.frameworks import ZERO

#: Significant digits kept for a mean of several marks; see the module docstring.
MEAN_DIGITS = 22
#: The context a mean of several marks is divided in: ``MEAN_DIGITS``, rounded half up.
MEAN_CONTEXT = Context(prec=MEAN_DIGITS, rounding=ROUND_HALF_UP)
#: Sums run in a fixed context so that a caller's thread context cannot change a score.
SUM_CONTEXT = Context(prec=28, rounding=ROUND_HALF_UP)
_CENT = Decimal("0.01")


def quantize2(value: Decimal) -> Decimal:
    """Round ``value`` half up to two decimals, for display (docs/rules.md#arithmetic)."""
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


class ScoringError(ValueError):
    """Input the engine refuses; ``code`` names the problem, ``params`` locate it."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        details = ", ".join(f"{key}={value!r}" for key, value in params.items())
        super().__init__(f"{code}({details})" if details else code)


class Aggregation(StrEnum):
    """How several assessors' marks on one clause combine (a campaign setting)."""

    MEAN = "mean"
    TRIMMED_MEAN = "trimmed_mean"  # without one highest and one lowest, from 5 marks up
    MEDIAN = "median"  # the middle mark; the mean of the two middle ones for an even count


def combine(
    count: int,
    total: Decimal,
    low: Decimal,
    high: Decimal,
    aggregation: Aggregation = Aggregation.MEAN,
    trim_from: int = 5,
    marks: Sequence[Decimal] = (),
) -> Decimal:
    """Several assessors' marks on one clause as one value (docs/rules.md#aggregation).

    From the marks' count, sum, lowest and highest: the mean ``total / count``; the
    trimmed mean ``(total - high - low) / (count - 2)`` from ``trim_from`` marks up; the
    median, which the four figures give for up to four marks (the middle two of four are
    the sum less the lowest and highest) and which needs ``marks`` themselves, in any
    order, from five up. A mean is kept to ``MEAN_DIGITS`` significant digits.
    """
    if count <= 0:
        return ZERO
    if count == 1:
        return total
    if aggregation is Aggregation.TRIMMED_MEAN and count >= trim_from:
        return MEAN_CONTEXT.divide(total - high - low, count - 2)
    if aggregation is Aggregation.MEDIAN:
        if count == 2:
            return MEAN_CONTEXT.divide(total, 2)
        if count == 3:
            return total - high - low
        if count == 4:
            return MEAN_CONTEXT.divide(total - high - low, 2)
        if len(marks) != count:
            raise ScoringError("median_needs_marks", count=count, given=len(marks))
        ordered = sorted(marks)
        middle = count // 2
        if count % 2:
            return ordered[middle]
        return MEAN_CONTEXT.divide(ordered[middle - 1] + ordered[middle], 2)
    return MEAN_CONTEXT.divide(total, count)
