"""Assessors compared (docs/rules.md#assessor-comparison): severities and spreads against
figures worked out by hand, and the properties the definitions promise."""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wenming.domain.assessors import (
    AssessorError,
    Cell,
    cents,
    compare,
    severities,
    spread,
    variance,
)

D = Decimal
A, B, C = 1, 2, 3  # three assessors


def _example() -> list[Cell]:
    """3 assessors × 2 applicants × 2 clauses; clause k1 has 2 points, k2 has 4.

    app 10 k1: A 2,   B 1,   C 1.5
    app 10 k2: A 4,   B 2,   C 3
    app 20 k1: A 1.5, B 0.5  (C did not mark it)
    app 20 k2: A 3,   B 3,   C 2.5
    """
    return [
        Cell(10, "k1", "material", D(2), {A: D("2"), B: D("1"), C: D("1.5")}),
        Cell(10, "k2", "material", D(4), {A: D("4"), B: D("2"), C: D("3")}),
        Cell(20, "k1", "material", D(2), {A: D("1.5"), B: D("0.5")}),
        Cell(20, "k2", "material", D(4), {A: D("3"), B: D("3"), C: D("2.5")}),
    ]


def test_severities_match_the_hand_computed_figures() -> None:
    # Deviation = own mark − mean of the others on the same cell:
    # A: 2−1.25=0.75, 4−2.5=1.5, 1.5−0.5=1, 3−2.75=0.25 → mean 3.5/4 = 0.875
    # B: 1−1.75=−0.75, 2−3.5=−1.5, 0.5−1.5=−1, 3−2.75=0.25 → mean −3/4 = −0.75
    # C: 1.5−1.5=0, 3−3=0, 2.5−3=−0.5 → mean −0.5/3 = −1/6
    found = severities(_example())
    assert found[A].points == Fraction(7, 8)
    assert found[B].points == Fraction(-3, 4)
    assert found[C].points == Fraction(-1, 6)
    assert (found[A].marks, found[A].compared, found[C].marks, found[C].compared) == (4, 4, 3, 3)
    # Relative to the clause's points: A 0.75/2, 1.5/4, 1/2, 0.25/4 → (0.375+0.375+0.5+0.0625)/4
    assert found[A].share == Fraction(21, 64)
    # C: 0/2, 0/4, −0.5/4 → −0.125/3
    assert found[C].share == Fraction(-1, 24)
    assert [cents(found[x].points) for x in (A, B, C)] == [D("0.88"), D("-0.75"), D("-0.17")]


def test_spreads_variances_and_disputes_match_the_hand_computed_figures() -> None:
    result = compare(_example(), D("0.3"))
    figures = [(s.spread, s.variance, s.limit, s.disputed) for s in result.spreads]
    assert figures == [
        # 2, 1, 1.5: mean 1.5, deviations² 0.25, 0.25, 0 → 0.5/3 = 1/6; limit 0.6
        (D("1"), Fraction(1, 6), D("0.6"), True),
        # 4, 2, 3: mean 3 → (1+1+0)/3 = 2/3; limit 1.2; spread 2 > 1.2
        (D("2"), Fraction(2, 3), D("1.2"), True),
        # 1.5, 0.5: mean 1 → (0.25+0.25)/2 = 1/4; spread 1 > 0.6
        (D("1"), Fraction(1, 4), D("0.6"), True),
        # 3, 3, 2.5: mean 17/6 → (1/36+1/36+4/36)/3 = 1/18; spread 0.5 ≤ 1.2
        (D("0.5"), Fraction(1, 18), D("1.2"), False),
    ]
    assert [(s.cell.application, s.cell.clause) for s in result.disputed] == [
        (10, "k1"),
        (10, "k2"),
        (20, "k1"),
    ]


def test_a_spread_exactly_at_the_margin_is_not_a_dispute() -> None:
    cell = Cell(1, "k", "material", D(2), {A: D("1.6"), B: D("1")})  # 0.6 = 0.3 × 2
    assert not spread(cell, D("0.3")).disputed
    assert spread(cell, D("0.299")).disputed


def test_one_mark_alone_compares_nothing() -> None:
    cell = Cell(1, "k", "onsite", D(2), {A: D("1")})
    assert severities([cell])[A].points is None
    assert severities([cell])[A].marks == 1
    assert (spread(cell, D(0)).spread, spread(cell, D(0)).variance) == (D(0), 0)
    assert not spread(cell, D(0)).disputed


def test_methods_are_separate_cells_and_a_cell_may_not_repeat() -> None:
    material = Cell(1, "k", "material", D(2), {A: D("2"), B: D("0")})
    onsite = Cell(1, "k", "onsite", D(2), {A: D("0"), B: D("2")})
    found = severities([material, onsite])
    assert found[A].points == 0  # +2 on one method, −2 on the other
    with pytest.raises(AssessorError) as error:
        compare([material, material], D("0.3"))
    assert error.value.code == "cell_repeated"


@pytest.mark.parametrize("margin", [D(-1), D("NaN")])
def test_a_negative_or_missing_margin_is_refused(margin: Decimal) -> None:
    with pytest.raises(AssessorError):
        spread(Cell(1, "k", "material", D(2), {A: D(1)}), margin)


def test_a_float_mark_is_refused() -> None:
    with pytest.raises(AssessorError):
        Cell(1, "k", "material", D(2), {A: 1.5})  # type: ignore[dict-item]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Fraction(1, 8), D("0.13")),
        (Fraction(-1, 8), D("-0.13")),
        (Fraction(1, 3), D("0.33")),
        (Fraction(-2, 3), D("-0.67")),
        (D("1.005"), D("1.01")),
        (Fraction(0), D("0.00")),
    ],
)
def test_cents_rounds_half_away_from_zero(value: Fraction | Decimal, shown: Decimal) -> None:
    assert cents(value) == shown


# --- properties --------------------------------------------------------------------------

_mark = st.integers(min_value=0, max_value=400).map(lambda n: Decimal(n).scaleb(-2))
_points = st.sampled_from([D(1), D(2), D(4)])


@st.composite
def _cells(draw: st.DrawFn) -> list[Cell]:
    """Up to 6 cells, each marked by a random subset of up to 4 assessors."""
    cells = []
    for index in range(draw(st.integers(min_value=1, max_value=6))):
        points = draw(_points)
        who = draw(st.sets(st.integers(min_value=1, max_value=4), max_size=4))
        marks = {a: min(draw(_mark), points) for a in sorted(who)}
        cells.append(Cell(index // 2, f"k{index % 2}", "material", points, marks))
    return cells


@settings(deadline=None)  # a loaded machine must not fail a pure property
@given(_cells())
def test_deviations_weighted_by_compared_marks_sum_to_zero(cells: list[Cell]) -> None:
    found = severities(cells).values()
    assert sum((s.points * s.compared for s in found if s.points is not None), Fraction(0)) == 0


@settings(deadline=None)  # a loaded machine must not fail a pure property
@given(_cells(), st.integers(min_value=-300, max_value=300).map(lambda n: Decimal(n).scaleb(-2)))
def test_shifting_one_assessors_marks_shifts_its_severity_by_as_much(
    cells: list[Cell], shift: Decimal
) -> None:
    before = severities(cells)
    moved = [
        Cell(c.application, c.clause, c.method, c.points, {
            a: m + shift if a == A else m for a, m in c.marks.items()
        })
        for c in cells
    ]  # fmt: skip
    after = severities(moved)
    if A in before and before[A].points is not None:
        assert after[A].points == before[A].points + Fraction(shift)
    # Nobody else's marks moved, so an assessor sharing no cell with A is unchanged.
    shared = {a for c in cells if A in c.marks and len(c.marks) > 1 for a in c.marks}
    for assessor, severity in before.items():
        if assessor not in shared:
            assert after[assessor] == severity


@settings(deadline=None)  # a loaded machine must not fail a pure property
@given(_cells(), st.integers(min_value=0, max_value=1000).map(lambda n: Decimal(n).scaleb(-3)))
def test_spread_and_variance_are_never_negative_and_bound_each_other(
    cells: list[Cell], margin: Decimal
) -> None:
    for s in compare(cells, margin).spreads:
        assert s.spread >= 0
        assert 0 <= s.variance <= Fraction(s.spread) ** 2 / 4  # Popoviciu's inequality
        assert s.disputed == (s.spread > margin * s.cell.points)


@settings(deadline=None)  # a loaded machine must not fail a pure property
@given(_cells(), st.integers(min_value=0, max_value=1000).map(lambda n: Decimal(n).scaleb(-3)))
def test_when_everyone_gives_the_same_mark_nobody_disagrees(
    cells: list[Cell], margin: Decimal
) -> None:
    same = [
        Cell(c.application, c.clause, c.method, c.points, dict.fromkeys(c.marks, c.points / 2))
        for c in cells
    ]
    result = compare(same, margin)
    assert not result.disputed
    assert all(s.variance == 0 for s in result.spreads)
    assert all(s.points in (None, 0) for s in result.severities.values())


@settings(deadline=None)  # a loaded machine must not fail a pure property
@given(st.fractions(min_value=-1000, max_value=1000))
def test_cents_is_decimal_half_up_rounding(value: Fraction) -> None:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    if value.denominator in (1, 2, 4, 5, 8, 10, 20, 25, 40, 50, 100, 200):
        assert cents(value) == exact.quantize(D("0.01"), rounding=ROUND_HALF_UP)
    assert abs(Fraction(cents(value)) - value) <= Fraction(1, 200)


def test_variance_of_nothing_is_zero() -> None:
    assert variance([]) == 0
