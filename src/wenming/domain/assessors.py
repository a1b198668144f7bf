"""Assessors compared, HotCRP-style (docs/rules.md#assessor-comparison): how harsh or
lenient each assessor of a round marks against the others, and where they disagree.

The unit of comparison is a *cell*: one application, one scoring point (评分要点) and one
method (material review or on-site inspection) in one round. Marks by different methods
are never compared with each other: they judge different things.

Severity. In a cell marked by n ≥ 2 assessors with sum S, assessor a's deviation is
``d = x_a − (S − x_a) / (n − 1)``: its mark less the mean of the *other* assessors' marks
on the same cell. An assessor's severity is the mean of its deviations over every cell it
shares with at least one other assessor, in points; its relative severity is the mean of
``d / P`` (P: the clause's points), a share of the points. Negative means harsher than the
others, positive more lenient. A cell marked by one assessor alone compares nothing.
Within a cell the deviations sum to zero, so over a round
``Σ_a compared_a × severity_a = 0``; adding k to every mark of one assessor adds exactly k
to its severity.

Spread. Per cell: the spread is the highest mark less the lowest; the variance is the
*population* variance ``Σ (x − mean)² / n``: the assessors of a cell are all who marked it,
not a sample of some larger panel, and one mark alone has variance 0. A cell is disputed
(评分分歧) when its spread is strictly greater than ``margin × P``.

Everything is exact (``Decimal`` marks, ``Fraction`` means); ``cents`` rounds a figure
half up to two decimals for display, with integers only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

ZERO = Fraction(0)


class AssessorError(ValueError):
    """Input the comparison refuses; ``code`` names the problem, ``params`` locate it."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        details = ", ".join(f"{key}={value!r}" for key, value in params.items())
        super().__init__(f"{code}({details})" if details else code)


@dataclass(frozen=True, slots=True)
class Cell:
    """The marks of one application, clause and method: each assessor's mark by its id."""

    application: int
    clause: str
    method: str
    points: Decimal  # the clause's points (its highest mark)
    marks: Mapping[int, Decimal]

    def __post_init__(self) -> None:
        if not (isinstance(self.points, Decimal) and self.points.is_finite() and self.points > 0):
            raise AssessorError("points_invalid", clause=self.clause, value=self.points)
        for assessor, mark in self.marks.items():
            if not (isinstance(mark, Decimal) and mark.is_finite()):
                raise AssessorError("mark_invalid", clause=self.clause, assessor=assessor)


@dataclass(frozen=True, slots=True)
class Severity:
    """One assessor's severity over a round."""

    assessor: int
    marks: int  # every mark the assessor gave
    compared: int  # marks on a cell someone else marked too
    points: Fraction | None  # the mean deviation in points; None when nothing compares
    share: Fraction | None  # the mean deviation as a share of the clause's points


@dataclass(frozen=True, slots=True)
class Spread:
    """One cell's spread, variance and whether its assessors disagree."""

    cell: Cell
    spread: Decimal  # highest mark − lowest mark
    variance: Fraction  # population variance of the marks
    limit: Decimal  # margin × the clause's points
    disputed: bool  # spread > limit


@dataclass(frozen=True, slots=True)
class Comparison:
    """A round's assessors compared: severities by assessor, every cell's spread."""

    severities: dict[int, Severity]
    spreads: tuple[Spread, ...]

    @property
    def disputed(self) -> tuple[Spread, ...]:
        return tuple(s for s in self.spreads if s.disputed)


def deviations(cell: Cell) -> dict[int, Fraction]:
    """Each assessor's mark less the mean of the other assessors' marks on the cell
    (empty when fewer than two marked it)."""
    n = len(cell.marks)
    if n < 2:
        return {}
    total = sum((Fraction(m) for m in cell.marks.values()), ZERO)
    return {a: Fraction(m) - (total - Fraction(m)) / (n - 1) for a, m in cell.marks.items()}


def severities(cells: Iterable[Cell]) -> dict[int, Severity]:
    """Every assessor's severity (module docstring), by assessor id."""
    counts: dict[int, int] = {}
    compared: dict[int, int] = {}
    in_points: dict[int, Fraction] = {}
    shares: dict[int, Fraction] = {}
    for cell in cells:
        for assessor in cell.marks:
            counts[assessor] = counts.get(assessor, 0) + 1
        points = Fraction(cell.points)
        for assessor, d in deviations(cell).items():
            compared[assessor] = compared.get(assessor, 0) + 1
            in_points[assessor] = in_points.get(assessor, ZERO) + d
            shares[assessor] = shares.get(assessor, ZERO) + d / points
    result = {}
    for assessor, count in counts.items():
        m = compared.get(assessor, 0)
        result[assessor] = Severity(
            assessor=assessor,
            marks=count,
            compared=m,
            points=in_points[assessor] / m if m else None,
            share=shares[assessor] / m if m else None,
        )
    return result


def variance(marks: Iterable[Decimal]) -> Fraction:
    """The population variance ``Σ (x − mean)² / n`` of some marks, exactly (0 for none)."""
    values = [Fraction(m) for m in marks]
    if not values:
        return ZERO
    mean = sum(values, ZERO) / len(values)
    return sum(((v - mean) ** 2 for v in values), ZERO) / len(values)


def spread(cell: Cell, margin: Decimal) -> Spread:
    """One cell's spread and variance, disputed when the spread exceeds margin × points."""
    if not (isinstance(margin, Decimal) and margin.is_finite() and margin >= 0):
        raise AssessorError("margin_invalid", value=margin)
    marks = list(cell.marks.values())
    width = max(marks) - min(marks) if marks else Decimal(0)
    limit = margin * cell.points
    return Spread(cell, width, variance(marks), limit, width > limit)


def compare(cells: Iterable[Cell], margin: Decimal) -> Comparison:
    """A round's comparison: severities and spreads (the cells in the order given)."""
    given = list(cells)
    keys = [(c.application, c.clause, c.method) for c in given]
    if len(set(keys)) != len(keys):
        raise AssessorError("cell_repeated")
    return Comparison(severities(given), tuple(spread(c, margin) for c in given))


def cents(value: Fraction | Decimal) -> Decimal:
    """A figure rounded half up (away from zero) to two decimals, exactly: the one
    display rounding of docs/rules.md#arithmetic, for ratios too."""
    exact = Fraction(value) * 100
    sign = -1 if exact < 0 else 1
    magnitude = abs(exact)
    whole = (magnitude.numerator * 2 + magnitude.denominator) // (2 * magnitude.denominator)
    return Decimal(sign * whole).scaleb(-2)
