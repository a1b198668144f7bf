"""Exact arithmetic on whole hundredths: marks have two decimals, so the figures are
integers of hundredths and every clause value is a ratio of integers. These helpers keep
such ratios exact and turn them into points at the edge."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from math import lcm
from operator import itemgetter

from wenming.domain.scoring import (
    MEAN_CONTEXT,
    ScoringError,
)

from .inputs import Row

#: Hundredths in a point.
HUNDREDTHS = 100


def fraction_points(value: Fraction) -> Decimal:
    """A ratio of hundredths as points, to ``MEAN_DIGITS`` significant digits."""
    return MEAN_CONTEXT.divide(Decimal(value.numerator), Decimal(value.denominator * HUNDREDTHS))


def ratio_points(numerator: int, denominator: int) -> Decimal:
    """A ratio of hundredths given as two integers, as points (as ``fraction_points``)."""
    return MEAN_CONTEXT.divide(Decimal(numerator), Decimal(denominator * HUNDREDTHS))


def figure_order(f: Row) -> tuple[int, str, str]:
    """The order the bulk path needs: by round, clause, method."""
    return (f[1], f[2], f[3])


def cents_points(value: int) -> Decimal:
    """Whole hundredths as points (150 → 1.50)."""
    return Decimal(value).scaleb(-2)


def median_ratio(marks: Sequence[int], count: int) -> tuple[int, int]:
    """The median of five marks or more as numerator / denominator."""
    if len(marks) != count:
        raise ScoringError("median_needs_marks", count=count, given=len(marks))
    ordered = sorted(marks)
    middle = count // 2
    if count % 2:
        return ordered[middle], 1
    return ordered[middle - 1] + ordered[middle], 2


#: A figure's (round, clause).
round_and_clause = itemgetter(1, 2)


def exact_sum(acc: dict[int, int], d0: int, n0: int) -> tuple[int, int]:
    """Numerators per denominator as one exact ratio (numerator, denominator)."""
    if not acc:
        return n0, d0
    acc[d0] = acc.get(d0, 0) + n0
    common = lcm(*acc)
    return sum(num * (common // den) for den, num in acc.items()), common


def take_back(acc: dict[int, int], num: int, den: int, d0: int, n0: int) -> int:
    """Take one method's value (``num / den``) out of a round's sum again, when its clause
    turns out to have several methods; returns the new numerator of ``d0``."""
    if den == d0:
        return n0 - num
    acc[den] -= num
    return n0


def add_methods_mean(
    acc: dict[int, int],
    group: list[tuple[int, int, str]],
    weights: Mapping[str, Fraction] | None,
    d0: int,
    n0: int,
) -> tuple[int, int]:
    """Add the mean of one clause's several methods (weighted when the round says so);
    returns the round's commonest denominator and its numerator."""
    if not weights and len(group) == 2:
        (a, da, _), (b, db, _) = group
        num, den = (a + b, 2 * da) if da == db else (a * db + b * da, 2 * da * db)
    elif weights:
        given = [(weights.get(m, Fraction(1)), Fraction(num, den)) for num, den, m in group]
        total_weight = sum((w for w, _ in given), Fraction(0))
        value = (
            sum((w * v for w, v in given), Fraction(0)) / total_weight
            if total_weight
            else Fraction(0)
        )
        num, den = value.numerator, value.denominator
    else:
        common = lcm(*(den for _, den, _ in group))
        num = sum(n * (common // d) for n, d, _ in group)
        den = common * len(group)
    if den == d0:
        return d0, n0 + num
    acc[den] = acc.get(den, 0) + num
    return d0, n0
