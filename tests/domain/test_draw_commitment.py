"""The committed draw (docs/rules.md#committed-draw): the published list hash, the seed
from the public draw and the witnesses, and the sample they give."""

import hashlib
import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wenming.domain.draw_commitment import (
    candidates_bytes,
    candidates_hash,
    check_draw,
    combined_seed,
    normalize_numbers,
    normalize_witnesses,
)
from wenming.domain.sampling import SamplingError, draw_sample

KEYS = ["award:1", "award:2", "award:1/county:3", "county:0"]
HASH = candidates_hash([("1", "award:1")])


@st.composite
def populations(draw: st.DrawFn) -> list[tuple[str, str]]:
    """Distinct ids (numbers as the apps use, some long), each in one stratum."""
    ids = draw(st.lists(st.integers(1, 10_000), min_size=1, max_size=40, unique=True))
    return [(str(i), draw(st.sampled_from(KEYS))) for i in ids]


ratios = st.sampled_from([Decimal("0"), Decimal("0.2"), Decimal("0.3"), Decimal("0.5"), 1])
numbers = st.lists(st.integers(0, 99), min_size=1, max_size=8).map(
    lambda ns: " ".join(f"{n:02d}" for n in ns)
)


def draw(population: list[tuple[str, str]], ratio: Decimal | int, seed: str):
    return draw_sample(population, dict.fromkeys(KEYS, Decimal(ratio)), seed)


def test_list_bytes_follow_the_documented_format():
    population = [("5", "award:1"), ("12", "award:2"), ("3", "award:1")]
    assert candidates_bytes(population) == b"award:1\t3\naward:1\t5\naward:2\t12\n"
    expected = hashlib.sha256(b"award:1\t3\naward:1\t5\naward:2\t12\n").hexdigest()
    assert candidates_hash(population) == expected


def test_seed_follows_the_documented_derivation():
    seed = combined_seed(HASH, "03,07 + 12", [("李四", "42"), ("张三", "005")])
    # Witnesses sorted by name in code-point order: 张 (U+5F20) before 李 (U+674E).
    text = f"{HASH}|3 7 12|张三:5|李四:42"
    assert seed == hashlib.sha256(text.encode()).hexdigest()


@settings(deadline=None)  # a loaded machine must not fail a pure property
@given(populations(), ratios, st.randoms(use_true_random=False), numbers)
def test_draw_is_independent_of_input_order(population, ratio, rng, public):
    shuffled = list(population)
    rng.shuffle(shuffled)
    assert candidates_hash(shuffled) == candidates_hash(population)
    seed = combined_seed(candidates_hash(population), public)
    assert combined_seed(candidates_hash(shuffled), public) == seed
    assert draw(shuffled, ratio, seed) == draw(population, ratio, seed)


@settings(deadline=None)  # a loaded machine must not fail a pure property
@given(
    st.lists(
        st.tuples(st.text("张李王赵ab ", min_size=1, max_size=4), numbers),
        min_size=2,
        max_size=5,
        unique_by=lambda w: " ".join(w[0].split()),
    ).filter(lambda ws: all(w[0].strip() for w in ws)),
    st.randoms(use_true_random=False),
)
def test_seed_is_independent_of_the_order_witnesses_are_entered(witnesses, rng):
    shuffled = list(witnesses)
    rng.shuffle(shuffled)
    assert combined_seed(HASH, "1 2 3", shuffled) == combined_seed(HASH, "1 2 3", witnesses)


@settings(deadline=None)  # a loaded machine must not fail a pure property
@given(populations(), st.data())
def test_changing_one_candidate_changes_the_hash(population, data):
    index = data.draw(st.integers(0, len(population) - 1))
    item_id, key = population[index]
    changed = list(population)
    if data.draw(st.booleans()):  # another id, not already listed
        taken = {i for i, _k in population}
        new_id = data.draw(st.integers(1, 20_000).map(str).filter(lambda i: i not in taken))
        changed[index] = (new_id, key)
    else:  # the same id in another stratum
        changed[index] = (item_id, data.draw(st.sampled_from([k for k in KEYS if k != key])))
    assert candidates_hash(changed) != candidates_hash(population)


@settings(deadline=None)  # a loaded machine must not fail a pure property
@given(populations())
def test_adding_or_dropping_a_candidate_changes_the_hash(population):
    assert candidates_hash(population[1:]) != candidates_hash(population)


@settings(deadline=None)  # a loaded machine must not fail a pure property
@given(populations(), ratios, numbers)
def test_a_recorded_seed_reproduces_the_sample(population, ratio, public):
    seed = combined_seed(candidates_hash(population), public)
    recorded = str(seed)  # as stored on the round and printed on the page
    assert draw(list(reversed(population)), ratio, recorded) == draw(population, ratio, seed)


@settings(deadline=None)  # a loaded machine must not fail a pure property
@given(populations(), ratios, ratios, numbers)
def test_a_larger_ratio_keeps_the_earlier_picks(population, first, second, public):
    small, large = sorted([Decimal(first), Decimal(second)])
    seed = combined_seed(candidates_hash(population), public)
    earlier = draw(population, small, seed)
    later = draw(population, large, seed)
    assert set(earlier.chosen) <= set(later.chosen)


def test_other_numbers_give_another_seed():
    assert combined_seed(HASH, "1 2 3") != combined_seed(HASH, "1 2 4")
    assert combined_seed(HASH, "1 2 3") != combined_seed(
        candidates_hash([("2", "award:1")]), "1 2 3"
    )


@pytest.mark.parametrize(
    ("text", "normal"),
    [("03 07 12 19 25 31 + 09", "3 7 12 19 25 31 9"), ("00、1，2", "0 1 2"), ("42", "42")],
)
def test_numbers_are_normalized(text, normal):
    assert normalize_numbers(text) == normal


@pytest.mark.parametrize(("text", "code"), [("", "numbers_empty"), (" + ", "numbers_empty")])
def test_no_numbers_is_refused(text, code):
    with pytest.raises(SamplingError) as error:
        combined_seed(HASH, text)
    assert error.value.code == code


def test_a_letter_among_the_numbers_is_refused_not_dropped():
    with pytest.raises(SamplingError) as error:
        normalize_numbers("O3 07")
    assert (error.value.code, error.value.params["char"]) == ("numbers_invalid", "O")


def test_one_witness_alone_is_refused_and_blank_rows_are_skipped():
    with pytest.raises(SamplingError) as error:
        normalize_witnesses([("张三", "12"), ("", "")])
    assert error.value.code == "one_witness"
    assert normalize_witnesses([("", ""), (" ", "")]) == ()


@pytest.mark.parametrize(
    ("entries", "code"),
    [
        ([("张三", "1"), (" 张三 ", "2")], "witness_name_twice"),
        ([("张三", "1"), ("", "2")], "witness_name_empty"),
        ([("张|三", "1"), ("李四", "2")], "witness_name_invalid"),
        ([("张三", "1"), ("李四", "")], "numbers_empty"),
    ],
)
def test_bad_witnesses_are_refused_with_a_code(entries, code):
    with pytest.raises(SamplingError) as error:
        normalize_witnesses(entries)
    assert error.value.code == code


def test_one_id_in_two_strata_cannot_be_committed():
    with pytest.raises(SamplingError) as error:
        candidates_hash([("1", "award:1"), ("1", "award:2")])
    assert error.value.code == "id_in_two_strata"


def test_listing_a_candidate_twice_is_harmless():
    pairs = [("1", "award:1"), ("2", "award:1")]
    assert candidates_hash(pairs + pairs[:1]) == candidates_hash(pairs)


def test_a_shuffled_large_list_hashes_alike():
    population = [(str(i), KEYS[i % 4]) for i in range(1, 400)]
    shuffled = random.Random(7).sample(population, len(population))
    assert candidates_hash(shuffled) == candidates_hash(population)


COMMITTED = datetime(2026, 12, 1, 9, tzinfo=UTC)


def _checked(**changes: object):
    population = [(str(i), KEYS[i % 2]) for i in range(1, 12)]
    ratios = dict.fromkeys(KEYS, Decimal("0.5"))
    published = candidates_hash(population)
    seed = combined_seed(published, "1 2 3", [("张三", "4"), ("李四", "5")])
    inputs = {
        "published_hash": published,
        "public_numbers": "1 2 3",
        "witnesses": [("张三", "4"), ("李四", "5")],
        "recorded_seed": seed,
        "recorded_chosen": draw_sample(population, ratios, seed).chosen,
        "committed_at": COMMITTED,
        "sampled_at": COMMITTED + timedelta(days=8),
        "draw_on": date(2026, 12, 8),
    }
    return check_draw(population, ratios, **(inputs | changes))  # type: ignore[arg-type]


def test_a_true_draw_passes_every_check():
    assert _checked().passed


def test_each_check_names_the_step_that_does_not_hold():
    tampered = _checked(published_hash="0" * 64)
    assert (tampered.hash_ok, tampered.seed_ok, tampered.sample_ok) == (False, False, True)
    other_numbers = _checked(public_numbers="1 2 4")
    assert (other_numbers.hash_ok, other_numbers.seed_ok) == (True, False)
    assert not _checked(recorded_chosen=()).sample_ok
    late = _checked(committed_at=COMMITTED + timedelta(days=9))  # after the draw
    assert (late.hash_ok, late.seed_ok, late.sample_ok, late.order_ok) == (True, True, True, False)
    assert not late.passed


def test_the_public_draw_must_fall_between_publication_and_draw():
    # Named yesterday's lottery: its numbers were known when the list was published.
    assert not _checked(draw_on=date(2026, 11, 30)).order_ok
    # Drawn before the lottery's day: the numbers entered cannot be its result.
    assert not _checked(draw_on=date(2026, 12, 10)).order_ok
    assert not _checked(draw_on=None).order_ok
    # Same day at both ends is allowed: lotteries draw in the evening.
    same_day = _checked(draw_on=date(2026, 12, 1), sampled_at=COMMITTED + timedelta(hours=10))
    assert same_day.order_ok
    assert same_day.passed
