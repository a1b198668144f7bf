"""The distribution of totals as a server-rendered SVG histogram (no script, no CDN).

Geometry is computed here; the template draws the rectangles and labels.
"""

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT, TOP, BOTTOM, LEFT = 480, 160, 14, 22, 4
#: Bins of five points, from below 60 (one bin) to 100 and above.
EDGES = (60, 65, 70, 75, 80, 85, 90, 95, 100)


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    label: str
    count: int


@dataclass(frozen=True)
class Histogram:
    title: str
    bars: tuple[Bar, ...]
    total: int
    width: int = WIDTH
    height: int = HEIGHT
    baseline: int = HEIGHT - BOTTOM


def _labels() -> list[str]:
    labels = [f"<{EDGES[0]}"]
    labels += [f"{a}–{b}" for a, b in itertools.pairwise(EDGES)]
    return [*labels, f"≥{EDGES[-1]}"]


def _bin(total: Decimal) -> int:
    for i, edge in enumerate(EDGES):
        if total < edge:
            return i
    return len(EDGES)


def histogram(title: str, totals: Iterable[Decimal]) -> Histogram:
    """Count totals into bins and lay the bars out."""
    labels = _labels()
    counts = [0] * len(labels)
    for total in totals:
        counts[_bin(total)] += 1
    tallest = max(counts) or 1
    slot = (WIDTH - LEFT) // len(labels)
    room = HEIGHT - TOP - BOTTOM
    bars = []
    for i, (label, count) in enumerate(zip(labels, counts, strict=True)):
        height = round(room * count / tallest)
        bars.append(
            Bar(LEFT + i * slot + 2, HEIGHT - BOTTOM - height, slot - 4, height, label, count)
        )
    return Histogram(title, tuple(bars), sum(counts))
