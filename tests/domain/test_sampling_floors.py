"""The province's sampling floors (seed 000 §四(三)(四)) as a pure rule."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from wenming.domain.floors import DEFAULT_SAMPLING_FLOORS, RECHECK, FloorBreach, floor_breaches
from wenming.domain.sampling import sample_size


def test_units_at_15_percent_are_below_their_20_percent_floor() -> None:
    breaches = floor_breaches({"unit": Decimal("0.15")}, DEFAULT_SAMPLING_FLOORS)
    assert breaches == (FloorBreach("unit", Decimal("0.15"), Decimal("0.20")),)


def test_units_at_20_percent_of_11_sample_3() -> None:
    assert floor_breaches({"unit": Decimal("0.20")}, DEFAULT_SAMPLING_FLOORS) == ()
    assert sample_size(Decimal("0.20"), 11) == 3


def test_villages_and_communities_need_30_percent_and_the_recheck_half() -> None:
    ratios = {
        "village_town": Decimal("0.29"),
        "community": Decimal("0.30"),
        "campus": Decimal("0.25"),
        RECHECK: Decimal("0.49"),
    }
    assert [b.key for b in floor_breaches(ratios, DEFAULT_SAMPLING_FLOORS)] == [
        RECHECK,
        "village_town",
    ]


def test_a_category_without_a_floor_may_be_sampled_at_any_ratio() -> None:
    assert floor_breaches({"family": Decimal("0")}, DEFAULT_SAMPLING_FLOORS) == ()


@given(
    st.sampled_from(sorted(DEFAULT_SAMPLING_FLOORS)),
    st.decimals(min_value=0, max_value=1, places=2),
)
def test_a_ratio_is_refused_exactly_when_it_is_below_its_floor(key: str, ratio: Decimal) -> None:
    floor = Decimal(DEFAULT_SAMPLING_FLOORS[key])
    refused = bool(floor_breaches({key: ratio}, DEFAULT_SAMPLING_FLOORS))
    assert refused == (ratio < floor)
