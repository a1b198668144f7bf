"""Reproducible stratified sampling (docs/rules.md#sampling)."""

import hashlib
import random
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wenming.domain.sampling import (
    SamplingError,
    draw_sample,
    sample_rank,
    sample_size,
)


@pytest.mark.parametrize(
    ("ratio", "population", "size"),
    [
        ("0.3", 10, 3),  # 0.3 * 10 as floats is 3.0000000000000004 -> ceil would give 4
        ("0.2", 11, 3),
        ("0.2", 10, 2),
        ("0.3", 0, 0),
        ("0.3", 1, 1),
        ("0.5", 7, 4),
        ("0.41", 339, 139),  # Haidian-sized: 139 drawn at 41% (the source gives no total)
        ("0", 25, 0),
        ("1", 25, 25),
        ("1", 0, 0),
        ("0.7", 10, 7),
        ("0.1", 30, 3),
    ],
)
def test_sample_size_is_exact_ceiling(ratio: str, population: int, size: int) -> None:
    assert sample_size(Decimal(ratio), population) == size


def _population(counts: dict[str, int]) -> list[tuple[str, str]]:
    return [(f"{key}-{i:03d}", key) for key, count in counts.items() for i in range(count)]


def test_sample_sizes_per_stratum() -> None:
    ratios = {"village": Decimal("0.3"), "unit": Decimal("0.2"), "family": Decimal("0")}
    sample = draw_sample(_population({"village": 10, "unit": 11, "family": 4}), ratios, "s1")
    summary = [(s.key, s.population, s.size, len(s.chosen)) for s in sample.strata]
    assert summary == [("family", 4, 0, 0), ("unit", 11, 3, 3), ("village", 10, 3, 3)]
    assert (sample.population, sample.size) == (25, 6)


def test_sample_stratum_without_members_is_reported_empty() -> None:
    sample = draw_sample([], {"school": Decimal("0.2")}, "seed")
    assert sample.stratum("school").population == 0
    assert sample.stratum("school").chosen == ()


def test_sample_ratio_one_takes_everyone() -> None:
    population = _population({"community": 5})
    sample = draw_sample(population, {"community": Decimal(1)}, "x")
    assert sample.chosen == tuple(sorted(i for i, _ in population))


def test_sample_follows_documented_hash_order() -> None:
    # Re-run the documented algorithm by hand: rank by sha256(seed + id), take the first 3.
    ids = [f"app{i}" for i in range(10)]
    by_hand = sorted(ids, key=lambda i: hashlib.sha256(f"2025-seed{i}".encode()).hexdigest())
    sample = draw_sample([(i, "a") for i in ids], {"a": Decimal("0.3")}, "2025-seed")
    assert sample.chosen == tuple(sorted(by_hand[:3]))
    assert sample_rank("2025-seed", "app1") == hashlib.sha256(b"2025-seedapp1").hexdigest()


def test_sample_differs_between_seeds() -> None:
    population = _population({"unit": 100})
    ratios = {"unit": Decimal("0.2")}
    assert (
        draw_sample(population, ratios, "a").chosen != draw_sample(population, ratios, "b").chosen
    )


@pytest.mark.parametrize("ratio", [Decimal("-0.01"), Decimal("1.01"), Decimal("NaN")])
def test_sample_ratio_out_of_range_is_refused(ratio: Decimal) -> None:
    with pytest.raises(SamplingError) as error:
        draw_sample([("a", "unit")], {"unit": ratio}, "seed")
    assert error.value.code == "ratio_out_of_range"
    assert error.value.params["stratum"] == "unit"


def test_sample_float_ratio_is_refused() -> None:
    with pytest.raises(SamplingError) as error:
        draw_sample([("a", "unit")], {"unit": 0.3}, "seed")  # type: ignore[dict-item]  # the float is the point
    assert error.value.code == "ratio_not_decimal"


def test_sample_stratum_without_ratio_is_refused() -> None:
    with pytest.raises(SamplingError) as error:
        draw_sample([("a", "unit")], {"school": Decimal("0.2")}, "seed")
    assert (error.value.code, error.value.params) == ("ratio_missing", {"stratum": "unit"})


def test_sample_id_in_two_strata_is_refused() -> None:
    with pytest.raises(SamplingError) as error:
        draw_sample(
            [("a", "unit"), ("a", "school")], {"unit": Decimal(1), "school": Decimal(1)}, "s"
        )
    assert error.value.code == "id_in_two_strata"


def test_sample_empty_seed_is_refused() -> None:
    with pytest.raises(SamplingError) as error:
        draw_sample([("a", "unit")], {"unit": Decimal(1)}, "")
    assert error.value.code == "seed_empty"


STRATA = ["village", "community", "unit", "school"]
strata = st.sampled_from(STRATA)
populations = st.dictionaries(st.text(min_size=1, max_size=8), strata, max_size=60)
ratios = st.decimals(min_value=0, max_value=1, places=2)


@given(
    populations,
    st.fixed_dictionaries(dict.fromkeys(STRATA, ratios)),
    st.text(min_size=1),
    st.randoms(),
)
def test_sample_is_reproducible_and_order_independent(
    members: dict[str, str], ratio_of: dict[str, Decimal], seed: str, rnd: random.Random
) -> None:
    pairs = list(members.items())
    first = draw_sample(pairs, ratio_of, seed)
    shuffled = pairs * 2  # listing a pair twice changes nothing either
    rnd.shuffle(shuffled)
    assert draw_sample(shuffled, ratio_of, seed) == first
    for stratum in first.strata:
        in_stratum = {i for i, key in pairs if key == stratum.key}
        assert stratum.population == len(in_stratum)
        assert stratum.size == sample_size(ratio_of[stratum.key], len(in_stratum))
        assert len(stratum.chosen) == stratum.size
        assert set(stratum.chosen) <= in_stratum
        assert list(stratum.chosen) == sorted(stratum.chosen)
