"""Who is within quota after ranking, and two rankings side by side (the what-if)."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from wenming.domain.ranking import Placing, compare, within_quota


def _award(units: list[str]) -> list[Placing]:
    return [Placing(i, f"org{i}", 1, unit, i + 1, Decimal(100 - i)) for i, unit in enumerate(units)]


def test_each_units_best_ranked_up_to_its_places_are_within_quota():
    placings = _award(["east", "west", "east", "east", "west"])
    assert within_quota(placings, {(1, "east"): 2, (1, "west"): 1}) == {0, 1, 2}


def test_a_unit_without_a_quota_is_not_limited_and_the_unranked_never_count():
    placings = [*_award(["east", "east"]), Placing(9, "late", 1, "east", None, Decimal(0))]
    assert within_quota(placings, {}) == {0, 1}


def test_cutting_a_quota_by_one_makes_the_units_last_within_leave():
    placings = _award(["east", "west", "east", "east"])
    before = within_quota(placings, {(1, "east"): 3})
    after = within_quota(placings, {(1, "east"): 2})
    rows = compare(placings, placings, before, after)
    assert [r.name for r in rows if r.leaving] == ["org3"]
    assert not [r for r in rows if r.entering]


@settings(deadline=None)  # a loaded machine must not fail a pure property
@given(st.lists(st.sampled_from("abc"), max_size=30), st.integers(0, 10))
def test_within_quota_never_exceeds_the_places(units, places):
    placings = _award(units)
    chosen = within_quota(placings, {(1, u): places for u in "abc"})
    for unit in "abc":
        mine = [p for p in placings if p.unit == unit]
        assert len([p for p in mine if p.key in chosen]) == min(places, len(mine))


def test_compare_gives_rank_and_score_before_and_after():
    before = _award(["east", "east"])
    after = [
        Placing(0, "org0", 1, "east", 2, Decimal("90.5")),
        Placing(1, "org1", 1, "east", 1, Decimal("99.25")),
    ]
    rows = compare(before, after, frozenset({0}), frozenset({1}))
    assert [(r.name, r.rank_before, r.rank_after, r.rank_change) for r in rows] == [
        ("org1", 2, 1, 1),
        ("org0", 1, 2, -1),
    ]
    assert rows[0].entering
    assert rows[1].leaving
    assert (rows[0].total_before, rows[0].total_after) == (Decimal(99), Decimal("99.25"))


def test_places_spent_outside_the_ranking_are_taken_off_before_the_ranked():
    placings = _award(["east", "east", "east"])
    assert within_quota(placings, {(1, "east"): 3}, {(1, "east"): 1}) == {0, 1}
    assert within_quota(placings, {(1, "east"): 1}, {(1, "east"): 2}) == frozenset()


@settings(deadline=None)
@given(st.integers(0, 10), st.integers(0, 10), st.integers(0, 10))
def test_ranked_and_spent_within_never_exceed_the_places(ranked, places, spent):
    placings = _award(["east"] * ranked)
    chosen = within_quota(placings, {(1, "east"): places}, {(1, "east"): spent})
    assert len(chosen) == min(ranked, max(places - spent, 0))
