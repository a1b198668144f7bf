"""Reused and misdated photos (docs/rules.md#photo-trust), over plain data: the Hamming
distance and its threshold, the bands that find near hashes, the reuse rule, the dates of
a caption and the capture-date warnings."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wenming.domain.evidence import Code, Severity
from wenming.domain.evidence.photos import (
    BAND_RADIUS,
    NEAR_DISTANCE,
    DateWindow,
    PhotoHashError,
    PhotoRef,
    band_probes,
    bands,
    caption_dates,
    capture_findings,
    creation_window,
    hamming,
    is_near,
    is_reuse,
)

hashes = st.integers(min_value=0, max_value=2**64 - 1).map(lambda v: f"{v:016x}")
flips = st.sets(st.integers(min_value=0, max_value=63), max_size=NEAR_DISTANCE)


def flipped(phash: str, positions: set[int]) -> str:
    value = int(phash, 16)
    for p in positions:
        value ^= 1 << p
    return f"{value:016x}"


@given(hashes, flips)
def test_the_distance_counts_the_bits_flipped(phash, positions):
    assert hamming(phash, flipped(phash, positions)) == len(positions)


@given(hashes, hashes)
def test_the_distance_is_symmetric(a, b):
    assert hamming(a, b) == hamming(b, a)


@given(hashes, flips)
def test_every_near_hash_shares_one_band_within_the_radius(phash, positions):
    """The lookup's guarantee: whatever bits differ (up to the threshold), one band of the
    near hash is among the probes of that band."""
    near = flipped(phash, positions)
    probes = band_probes(phash)
    assert any(band in probe for band, probe in zip(bands(near), probes, strict=True))


def test_the_threshold_is_inclusive():
    base = "0" * 16
    assert is_near(base, flipped(base, set(range(NEAR_DISTANCE))))
    assert not is_near(base, flipped(base, set(range(NEAR_DISTANCE + 2))))


def test_bands_are_the_four_16_bit_quarters():
    assert bands("0001000200030004") == (1, 2, 3, 4)
    assert len(band_probes("ffffffffffffffff")[0]) == 1 + 16 + 120 + 560  # radius 3
    assert BAND_RADIUS == 3


@pytest.mark.parametrize("bad", ["", "xyz", "ABCDEF0123456789", "0" * 15])
def test_a_malformed_hash_is_refused(bad):
    with pytest.raises(PhotoHashError):
        hamming(bad, "0" * 16)


def test_reuse_is_another_applicant_or_another_activity():
    photo = PhotoRef("0" * 16, applicant=1, activity="道德讲堂")
    near = "0" * 15 + "3"
    assert is_reuse(photo, PhotoRef(near, applicant=2, activity="道德讲堂"))
    assert is_reuse(photo, PhotoRef(near, applicant=1, activity="志愿服务"))
    # The same applicant's shots of one activity are not a reuse.
    assert not is_reuse(photo, PhotoRef(near, applicant=1, activity=" 道德讲堂 "))
    # Far photos never are.
    assert not is_reuse(photo, PhotoRef("f" * 16, applicant=2, activity="x"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026年5月12日上午", (date(2026, 5, 12),)),
        ("2026-05-12", (date(2026, 5, 12),)),
        ("2026.5.12 14:00", (date(2026, 5, 12),)),
        ("2026/5/12", (date(2026, 5, 12),)),
        ("２０２６年５月１２日", (date(2026, 5, 12),)),
        ("2026年5月12日至2026年5月14日", (date(2026, 5, 12), date(2026, 5, 14))),
        ("2026年2月30日", ()),
        ("五月中旬", ()),
        ("", ()),
    ],
)
def test_caption_dates_in_the_common_forms(text, expected):
    assert caption_dates(text) == expected


WINDOW = DateWindow(date(2020, 1, 1), date(2021, 12, 31))


def codes(findings):
    assert all(f.severity is Severity.WARNING for f in findings)  # never a refusal
    return [f.code for f in findings]


def test_a_missing_capture_date_is_a_warning_and_nothing_else():
    assert codes(capture_findings(None, "2021年5月20日", WINDOW)) == [Code.CAPTURE_DATE_MISSING]


def test_a_capture_date_of_the_caption_in_the_window_is_quiet():
    assert capture_findings(date(2021, 5, 20), "2021年5月20日", WINDOW) == []
    assert capture_findings(date(2021, 5, 21), "2021年5月20日至2021年5月22日", WINDOW) == []


def test_a_capture_date_off_the_caption_is_a_mismatch():
    [finding] = capture_findings(date(2021, 5, 19), "2021-05-20", WINDOW)
    assert finding.code is Code.CAPTURE_DATE_MISMATCH
    assert dict(finding.params) == {"captured": "2021-05-19", "caption": "2021-05-20"}


def test_a_caption_without_a_date_is_not_compared():
    assert capture_findings(date(2021, 5, 19), "上午九点", WINDOW) == []


def test_a_capture_date_outside_the_window():
    found = capture_findings(date(2019, 12, 31), "2019年12月31日", WINDOW)
    assert codes(found) == [Code.CAPTURE_OUTSIDE_WINDOW]
    assert dict(found[0].params) == {
        "captured": "2019-12-31",
        "start": "2020-01-01",
        "end": "2021-12-31",
    }


def test_no_window_no_window_check():
    assert capture_findings(date(1999, 1, 1), "", None) == []


def test_the_creation_window_spans_the_dated_windows():
    spans = [(date(2020, 1, 1), date(2021, 6, 30)), (date(2020, 3, 1), date(2021, 12, 31))]
    assert creation_window(spans) == WINDOW
    assert creation_window([(None, date(2021, 1, 1)), (None, None)]) is None
    assert creation_window([]) is None
