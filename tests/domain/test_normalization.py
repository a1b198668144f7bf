"""Per-round normalization of assessors' marks: bounds, degenerate cases, shift invariance,
and the figures the ranking reads from normalized marks."""

from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from wenming.domain.normalization import (
    RawMark,
    Spread,
    figures_of,
    normalize_assessor,
    normalize_round,
    spread,
)

caps = st.sampled_from([0, 50, 100, 150, 200, 300, 500, 1000])


@st.composite
def round_marks(draw: st.DrawFn) -> list[RawMark]:
    n = draw(st.integers(1, 40))
    out = []
    for i in range(n):
        cap = draw(caps)
        out.append(RawMark(i, draw(st.integers(0, 4)), draw(st.integers(0, cap)), cap))
    return out


@settings(deadline=None)  # a loaded machine must not fail a pure property
@given(round_marks())
def test_every_normalized_mark_is_within_its_clauses_points(marks):
    out = normalize_round(marks)
    assert set(out) == {m.key for m in marks}
    for m in marks:
        assert 0 <= out[m.key] <= m.cap


@settings(deadline=None)  # a loaded machine must not fail a pure property
@given(round_marks())
def test_a_round_of_one_assessor_keeps_its_marks_within_a_hundredth(marks):
    # Own scale and pooled scale are the same: z-scores map back onto themselves.
    alone = [RawMark(m.key, 7, m.points, m.cap) for m in marks]
    out = normalize_round(alone)
    assert all(abs(out[m.key] - m.points) <= 1 for m in alone)


def test_one_mark_and_identical_shares_are_unchanged():
    pooled = Spread(Decimal("0.5"), Decimal("0.2"))
    one = [RawMark("a", 1, 30, 100)]
    assert normalize_assessor(one, pooled) == {"a": 30}
    flat = [RawMark("a", 1, 50, 100), RawMark("b", 1, 100, 200)]  # both half
    assert normalize_assessor(flat, pooled) == {"a": 50, "b": 100}


def test_a_harsh_assessor_is_lifted_to_the_round_scale():
    # Assessor 1 marks 0.2 lower than assessor 2 on the same three clauses.
    marks = [RawMark((a, c), a, p, 100) for a, c, p in [
        (1, "x", 40), (1, "y", 60), (1, "z", 80),
        (2, "x", 60), (2, "y", 80), (2, "z", 100),
    ]]  # fmt: skip
    out = normalize_round(marks)
    # Pooled mean 0.70, both assessors' sd equal to pooled within-group sd scaled:
    assert out[(1, "y")] == out[(2, "y")] == 70
    assert out[(1, "x")] == out[(2, "x")]
    assert out[(1, "z")] == out[(2, "z")]


@settings(deadline=None)  # a loaded machine must not fail a pure property
@given(
    st.lists(st.integers(0, 300), min_size=2, max_size=20),
    st.integers(-300, 300),
    st.integers(0, 400),
    st.integers(1, 400),
)
def test_shifting_an_assessors_marks_by_a_constant_leaves_the_normalized_marks(
    points, shift, mean, sd
):
    assume(len(set(points)) > 1)  # all alike: sd 0, the marks stay as they are
    cap = 600
    pooled = Spread(Decimal(mean) / 1000, Decimal(sd) / 1000)
    original = [RawMark(i, 1, p + 150, cap) for i, p in enumerate(points)]
    shifted = [RawMark(i, 1, p + 150 + shift // 2, cap) for i, p in enumerate(points)]
    before, after = normalize_assessor(original, pooled), normalize_assessor(shifted, pooled)
    for m in original:
        if 0 < before[m.key] < cap and 0 < after[m.key] < cap:  # where not clamped
            assert abs(before[m.key] - after[m.key]) <= 1


def test_spread_is_the_population_mean_and_deviation():
    s = spread([Decimal(1), Decimal(3)])
    assert s == Spread(Decimal(2), Decimal(1))
    assert spread([]) is None


def test_figures_of_give_count_sum_lowest_highest_in_order():
    rows = figures_of({(9, 2, "1.2", "material"): [50, 150], (9, 1, "1.1", "onsite"): [100]})
    assert rows == {9: [(9, 1, "1.1", "onsite", 1, 100, 100, 100),
                        (9, 2, "1.2", "material", 2, 200, 50, 150)]}  # fmt: skip
