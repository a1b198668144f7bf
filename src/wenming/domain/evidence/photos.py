"""Reused and misdated photos (docs/rules.md#photo-trust): pure rules over a photo's
perceptual hash and capture date, for a person to judge; nothing here refuses a file.

A perceptual hash (pHash, 64 bits as 16 hex digits) changes little when a photo is
resized, recompressed or slightly cropped. Two photos are *near* when their hashes differ
in at most ``NEAR_DISTANCE`` bits; a near photo from another applicant, or from the same
applicant for another activity, is a reuse to show the reviewer.

Finding the near photos among tens of thousands uses multi-index hashing: the hash is cut
into ``BANDS`` bands of 16 bits, each stored in an indexed column. If two hashes differ in
at most ``NEAR_DISTANCE`` bits, by the pigeonhole principle one band differs in at most
``NEAR_DISTANCE // BANDS`` bits, so looking each band up among the values that close to
it (``band_probes``) finds every near photo; the few extra candidates are then measured.

The capture date (EXIF) is compared with the dates in the caption's time and with the
creation window; a missing date is itself a warning, never an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from .items import Code, Finding, Severity

HASH_BITS = 64
HASH_HEX = HASH_BITS // 4
BANDS = 4
BAND_BITS = HASH_BITS // BANDS
#: The largest Hamming distance between two near photos. Measured on generated scenes
#: (docs/rules.md#photo-trust): resizing and JPEG recompression move a hash by 0-2 bits,
#: a crop of up to 3 % by up to 12 and most crops of 5 % by up to 10, while no two of
#: 3,160 pairs of different scenes came closer than 16 bits. 12 keeps a margin of 4 bits
#: (pHash distances are even: every hash has as many bits set as unset around its median).
NEAR_DISTANCE = 12
#: Each band is looked up among the values within this many bits of it.
BAND_RADIUS = NEAR_DISTANCE // BANDS

_HEX = re.compile(r"[0-9a-f]{16}")


class PhotoHashError(ValueError):
    """A perceptual hash that is not 16 lowercase hex digits."""


def _bits(phash: str) -> int:
    if not _HEX.fullmatch(phash):
        raise PhotoHashError(phash)
    return int(phash, 16)


def hamming(a: str, b: str) -> int:
    """How many of the 64 bits two hashes differ in."""
    return (_bits(a) ^ _bits(b)).bit_count()


def is_near(a: str, b: str) -> bool:
    """Whether two hashes are of the same photo, resized, recompressed or slightly cropped."""
    return hamming(a, b) <= NEAR_DISTANCE


def bands(phash: str) -> tuple[int, ...]:
    """The hash's ``BANDS`` bands of 16 bits, most significant first (the indexed columns)."""
    value = _bits(phash)
    mask = (1 << BAND_BITS) - 1
    return tuple((value >> (BAND_BITS * (BANDS - 1 - i))) & mask for i in range(BANDS))


def _within(value: int, radius: int) -> frozenset[int]:
    found = {value}
    for flips in range(1, radius + 1):
        for positions in combinations(range(BAND_BITS), flips):
            mask = sum(1 << p for p in positions)
            found.add(value ^ mask)
    return frozenset(found)


def band_probes(phash: str) -> tuple[frozenset[int], ...]:
    """Per band, the values a near photo's band may take: one of them always matches."""
    return tuple(_within(band, BAND_RADIUS) for band in bands(phash))


@dataclass(frozen=True)
class PhotoRef:
    """A photo as the reuse rule sees it: its hash, whose it is and for which activity."""

    phash: str
    applicant: int  # the applying organization
    activity: str
    campaign: int = 0  # the campaign applied to; 0 where only one campaign is compared


def is_reuse(a: PhotoRef, b: PhotoRef) -> bool:
    """In one campaign, a near photo of another applicant, or of the same applicant for
    another activity; across campaigns, a near photo of the same applicant (its photos of
    an earlier edition handed in again), whatever the activity.

    The same applicant's near photos of one activity are not a reuse: 1 to 3 photos of
    one activity are often shots of one moment. Another applicant's photo of another
    campaign is not compared: a reviewer could not be shown it (docs/rules.md)."""
    if not is_near(a.phash, b.phash):
        return False
    if a.campaign != b.campaign:
        return a.applicant == b.applicant
    return a.applicant != b.applicant or a.activity.strip() != b.activity.strip()


# ---- capture dates --------------------------------------------------------------------------

# 2026年5月12日, 2026-05-12, 2026.5.12, 2026/5/12 (and full-width digits, normalized first).
_DATE = re.compile(
    r"(\d{4})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?|[-./](\d{1,2})[-./](\d{1,2}))"
)
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．／－", "0123456789./-")


def caption_dates(text: str) -> tuple[date, ...]:
    """The calendar dates written in a caption's time, in order; impossible ones skipped."""
    found = []
    for match in _DATE.finditer(text.translate(_FULL_WIDTH)):
        year = int(match[1])
        month = int(match[2] or match[4])
        day = int(match[3] or match[5])
        try:
            found.append(date(year, month, day))
        except ValueError:
            continue
    return tuple(found)


@dataclass(frozen=True)
class DateWindow:
    """The creation window photos of a campaign's activities should be taken in."""

    start: date
    end: date


def creation_window(spans: Iterable[tuple[date | None, date | None]]) -> DateWindow | None:
    """The window spanning the framework's dated windows (its bonus items' document
    dates); ``None`` when it has none, and then the window is not checked."""
    bounded = [(start, end) for start, end in spans if start is not None and end is not None]
    if not bounded:
        return None
    return DateWindow(min(s for s, _ in bounded), max(e for _, e in bounded))


def capture_findings(
    captured_on: date | None, caption_time: str, window: DateWindow | None
) -> list[Finding]:
    """Warnings about a photo's capture date: missing; not a date of the caption's time
    (a range "5月12日至14日" written as two dates covers the days between); outside the
    creation window. A caption without a date is not compared."""
    if captured_on is None:
        return [Finding(Code.CAPTURE_DATE_MISSING, Severity.WARNING, "file")]
    findings = []
    dates = caption_dates(caption_time)
    if dates and not min(dates) <= captured_on <= max(dates):
        findings.append(
            Finding(
                Code.CAPTURE_DATE_MISMATCH,
                Severity.WARNING,
                "caption.time",
                {"captured": captured_on.isoformat(), "caption": caption_time.strip()},
            )
        )
    if window is not None and not window.start <= captured_on <= window.end:
        findings.append(
            Finding(
                Code.CAPTURE_OUTSIDE_WINDOW,
                Severity.WARNING,
                "file",
                {
                    "captured": captured_on.isoformat(),
                    "start": window.start.isoformat(),
                    "end": window.end.isoformat(),
                },
            )
        )
    return findings
