"""文明城市 by composite (seed 000 §四(四)): weights, order, and the two shares."""

from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wenming.domain.cities import (
    DEFAULT_CITY_WEIGHTS,
    CityError,
    CityScores,
    Outcome,
    rank_cities,
)

WEIGHTS = {part: Decimal(w) for part, w in DEFAULT_CITY_WEIGHTS.items()}


def city(name: str, survey: str, review: str, questionnaire: str) -> CityScores:
    return CityScores(name, name, Decimal(survey), Decimal(review), Decimal(questionnaire))


SIX = [
    city("甲县", "90", "85", "85"),  # 88.00
    city("乙县", "85", "95", "90"),  # 88.00, lower survey
    city("丙区", "80", "70", "75"),  # 77.00
    city("丁县", "88", "60", "70"),  # 78.80
    city("戊县", "70", "90", "95"),  # 79.00
    city("己市", "60", "50", "40"),  # 54.00
]


def test_six_counties_two_named_two_nominated() -> None:
    ranked = rank_cities(SIX, WEIGHTS, named=2, nominated=2)
    assert [(r.scores.name, r.composite, r.outcome) for r in ranked] == [
        ("甲县", Decimal("88.00"), Outcome.NAMED),
        ("乙县", Decimal("88.00"), Outcome.NAMED),
        ("戊县", Decimal("79.00"), Outcome.NOMINATED),
        ("丁县", Decimal("78.80"), Outcome.NOMINATED),
        ("丙区", Decimal("77.00"), Outcome.NONE),
        ("己市", Decimal("54.00"), Outcome.NONE),
    ]
    assert [r.rank for r in ranked] == [1, 2, 3, 4, 5, 6]


def test_weights_must_sum_to_one() -> None:
    with pytest.raises(CityError) as error:
        rank_cities(SIX, {**WEIGHTS, "survey": Decimal("0.50")}, named=1, nominated=1)
    assert error.value.code == "weights_not_one"


def test_a_score_outside_0_to_100_is_refused_with_the_county() -> None:
    with pytest.raises(CityError) as error:
        rank_cities([city("甲县", "101", "80", "80")], WEIGHTS, named=1, nominated=0)
    assert error.value.params["city"] == "甲县"


scores = st.decimals(min_value=0, max_value=100, places=2)


@given(
    st.lists(st.tuples(scores, scores, scores), min_size=0, max_size=12),
    st.integers(0, 6),
    st.integers(0, 6),
    st.randoms(),
)
def test_the_shares_and_the_order_whatever_the_input(
    parts: list[tuple[Decimal, Decimal, Decimal]], named: int, nominated: int, rng
) -> None:
    cities = [CityScores(f"c{i}", f"县{i}", *p) for i, p in enumerate(parts)]
    ranked = rank_cities(cities, WEIGHTS, named=named, nominated=nominated)
    shuffled = list(cities)
    rng.shuffle(shuffled)
    assert rank_cities(shuffled, WEIGHTS, named=named, nominated=nominated) == ranked
    outcomes = [r.outcome for r in ranked]
    assert outcomes.count(Outcome.NAMED) == min(named, len(cities))
    assert outcomes.count(Outcome.NOMINATED) == min(nominated, max(len(cities) - named, 0))
    # Named before nominated before neither, and the composite never rises down the list.
    order = {Outcome.NAMED: 0, Outcome.NOMINATED: 1, Outcome.NONE: 2}
    assert [order[o] for o in outcomes] == sorted(order[o] for o in outcomes)
    assert all(a.composite >= b.composite for a, b in pairwise(ranked))
