"""Whether a rendered page shows an official document's red header (红头) or red round seal
(印章) (docs/rules.md#red-header-and-seal): pure arithmetic on pixels.

A page comes in as an RGB image, small (the longest side a few hundred pixels: about 40
dots per inch on A4); both detectors look only at red pixels (red hue, even pale), the
colour of the 发文机关标志, its separator line and the seal's ink (GB/T 9704-2012), and
ignore black, blue and grey entirely.

- ``has_red_header``: the top half of the first page holds large red glyphs spanning a
  good part of the width (the issuing office's name), or one or two long, thin red lines
  across most of the width that are not underlines (text standing on them); a table's
  red rules are neither thin glyphs nor one or two thin lines.
- ``has_seal``: some cluster of red pixels on the last page is a ring: roughly square,
  of a seal's size, its pixels on a circle all the way round and equally far from its
  centre (not a square box, however turned), with something inside (the star, the
  office's name) but not filled.

The thresholds are measured on generated documents (``benchmarks/official_marks.py``);
a wrong answer is a warning a reviewer reads, never a refusal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PIL import Image
from scipy import ndimage  # type: ignore[import-untyped]  # scipy ships no type hints

Mask = NDArray[np.bool_]

# A pixel is red when red is its largest channel by some margin (saturation), green and
# blue are close to each other (hue within about 25° of pure red: not orange, not magenta,
# not the yellow of old paper) and it is not dark. The saturation floor is low: a stamp
# printed pale and then scanned is pink (its median pixel near 0.15), and the anti-aliased
# edges of thin red strokes at this resolution are pinker still; grey, black and blue
# content has no red hue whatever its saturation.
MIN_RED = 110
MIN_SATURATION = 0.15
MAX_HUE_SKEW = 0.42  # |G - B| / chroma; 60° × 0.42 ≈ 25°

# The header band: the top half of the first page. GB/T 9704 puts the office's name 35 mm
# below the top margin and the separator line 4 mm under the document number, which on A4
# is near 40% of the page; a joint document's several names push it further down.
HEADER_BAND = 0.5
# Large red text: at least TEXT_MIN_GLYPHS red glyphs this tall (share of the page
# height; 0.03 of A4 is 9 mm, above any body or title size, below the office-name sizes),
# none taller than TEXT_MAX_HEIGHT or wider than TEXT_MAX_WIDTH (a glyph, not a table or a
# seal), together spanning this share of the page width.
TEXT_MIN_HEIGHT = 0.03
TEXT_MAX_HEIGHT = 0.1
TEXT_MAX_WIDTH = 0.15
TEXT_MIN_GLYPHS = 3
TEXT_MIN_SPAN = 0.25
# The separator line: a red stroke at least this long (share of the page width), within a
# box at most this tall (share of the page height: a scan turned by a degree steps it),
# and thin all along: in LINE_MIN_THIN of its columns the red is at most LINE_MAX_THICKNESS
# of the page height deep (a 1.5 mm rule is 2-3 pixels; a row of red glyphs is as deep as
# the glyphs in most columns), with red in LINE_MIN_CONTINUITY of its columns.
LINE_MIN_LENGTH = 0.45
LINE_MAX_HEIGHT = 0.03
LINE_MAX_THICKNESS = 0.01
LINE_MIN_THIN = 0.9
LINE_MIN_CONTINUITY = 0.85
# Gaps in a line bridged (pixels): a thin rule on a scan breaks up.
LINE_GAP = 2
# More long red lines than this is a table's rules (a double separator is two).
LINE_MAX_COUNT = 2
# Ink just above a line (up to UNDERLINE_ROWS pixels) over this share of its length makes
# it an underline: text stands on it.
UNDERLINE_ROWS = 3
UNDERLINE_INK_SHARE = 0.1
INK = 180

# The seal: its box, as a share of the page width (a 42 mm seal on A4 is 0.2; the range
# allows 27 mm to 75 mm, and a scan reduced or enlarged a little).
SEAL_MIN_SIZE = 0.13
SEAL_MAX_SIZE = 0.36
SEAL_MIN_ASPECT = 0.8
SEAL_MAX_ASPECT = 1.25
# The ring: distances from the box's centre in units of its radius.
RING_INNER, RING_OUTER = 0.78, 1.12
RING_MIN_SHARE = 0.25  # of the cluster's pixels on the ring
RING_SECTORS = 24
RING_MIN_COVERAGE = 0.7  # of the sectors with ring pixels: a circle, not a square's sides
# The outer edge's distance from the centre, sector by sector, is the same all round a
# circle; a square, however turned, is a third farther at its corners than mid-side.
# Ratio of the 10th to the 90th percentile of those distances.
RING_MIN_ROUNDNESS = 0.85
OUTSIDE = 1.2
OUTSIDE_MAX_SHARE = 0.06  # beyond the circle: a square box's corners
INSIDE = 0.65
INSIDE_MIN_SHARE = 0.04  # the star and the name: a bare circle is an annotation
INSIDE_MAX_FILL = 0.55  # of the inner disc's area: a filled shape is no seal
# Red clusters closer than this many pixels are one (a seal's ring, star and letters).
JOIN = 2


@dataclass(frozen=True)
class Ring:
    """How ring-like a cluster of red pixels is (for measuring and explaining)."""

    aspect: float
    size: float  # of the page width
    ring_share: float
    coverage: float
    roundness: float
    outside_share: float
    inside_share: float
    inside_fill: float

    @property
    def is_seal(self) -> bool:
        return (
            SEAL_MIN_ASPECT <= self.aspect <= SEAL_MAX_ASPECT
            and SEAL_MIN_SIZE <= self.size <= SEAL_MAX_SIZE
            and self.ring_share >= RING_MIN_SHARE
            and self.coverage >= RING_MIN_COVERAGE
            and self.roundness >= RING_MIN_ROUNDNESS
            and self.outside_share <= OUTSIDE_MAX_SHARE
            and self.inside_share >= INSIDE_MIN_SHARE
            and self.inside_fill <= INSIDE_MAX_FILL
        )


def red_mask(page: Image.Image) -> Mask:
    """The red pixels of a page (see MIN_SATURATION: pale pink counts)."""
    rgb = np.asarray(page.convert("RGB"), dtype=np.int16)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    low = np.minimum(g, b)
    chroma = r - low
    mask: Mask = (
        (r >= MIN_RED)
        & (r >= np.maximum(g, b))
        & (chroma >= MIN_SATURATION * r)
        & (np.abs(g - b) <= MAX_HUE_SKEW * chroma)
    )
    return mask


def has_red_header(page: Image.Image) -> bool:
    """Whether the top of the page shows large red text or a red separator line."""
    red = red_mask(page)
    height, width = red.shape
    band = red[: max(1, round(height * HEADER_BAND))]
    labels, _count = ndimage.label(band, structure=np.ones((3, 3)))
    boxes: list[tuple[slice, slice]] = list(ndimage.find_objects(labels))
    if _has_red_text(boxes, height, width):
        return True
    ink = np.asarray(page.convert("L"))[: band.shape[0]] < INK
    # Lines are looked for with their gaps bridged (a scanned rule breaks up, and a page
    # turned by a degree steps it from row to row); glyphs merging there does not matter,
    # a row of glyphs is never thin.
    bridged = ndimage.binary_dilation(band, structure=np.ones((3, 2 * LINE_GAP + 1)))
    labels, _count = ndimage.label(bridged, structure=np.ones((3, 3)))
    boxes = list(ndimage.find_objects(labels))
    return _has_separator(band, labels, boxes, ink & ~band, height, width)


def has_seal(page: Image.Image) -> bool:
    """Whether some red cluster on the page is a round seal."""
    return any(ring.is_seal for ring in rings(page))


def rings(page: Image.Image) -> list[Ring]:
    """The ring measures of every red cluster big enough to be a seal."""
    red = red_mask(page)
    width = red.shape[1]
    joined = ndimage.binary_dilation(red, iterations=JOIN)
    labels, _count = ndimage.label(joined, structure=np.ones((3, 3)))
    found: list[Ring] = []
    for box in ndimage.find_objects(labels):
        if box is None:
            continue
        rows, cols = box
        if min(rows.stop - rows.start, cols.stop - cols.start) < SEAL_MIN_SIZE * width:
            continue
        # Everything red inside the box counts: the ring, the star and the office's
        # name are apart at this size (JOIN does not always reach across).
        cluster = red[box]
        found.append(_ring(cluster, width))
    return found


def _ring(cluster: Mask, page_width: int) -> Ring:
    ys, xs = np.nonzero(cluster)
    top, bottom, left, right = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    h, w = float(bottom - top), float(right - left)
    radius = (h + w) / 4
    cy, cx = (top + bottom - 1) / 2, (left + right - 1) / 2
    dy, dx = ys - cy, xs - cx
    distance = np.hypot(dy, dx) / radius
    on_ring = (distance >= RING_INNER) & (distance <= RING_OUTER)
    angles = np.arctan2(dy[on_ring], dx[on_ring])
    sectors = np.unique(((angles + np.pi) / (2 * np.pi) * RING_SECTORS).astype(int))
    inside = distance < INSIDE
    total = float(len(ys))
    outer = distance >= INSIDE
    sector_of = ((np.arctan2(dy[outer], dx[outer]) + np.pi) / (2 * np.pi) * RING_SECTORS).astype(
        int
    )
    edge = np.zeros(RING_SECTORS + 1)
    np.maximum.at(edge, sector_of, distance[outer])
    edges = edge[edge > 0]
    low, high = np.percentile(edges, [10, 90]) if len(edges) else (0.0, 1.0)
    return Ring(
        aspect=w / h,
        size=(w + h) / 2 / page_width,
        ring_share=float(on_ring.sum()) / total,
        coverage=len(set(sectors.tolist()) & set(range(RING_SECTORS))) / RING_SECTORS,
        roundness=float(low / high) if high else 0.0,
        outside_share=float((distance > OUTSIDE).sum()) / total,
        inside_share=float(inside.sum()) / total,
        inside_fill=float(inside.sum()) / (np.pi * (INSIDE * radius) ** 2),
    )


def _has_red_text(boxes: list[tuple[slice, slice]], page_height: int, page_width: int) -> bool:
    glyphs = [
        cols
        for rows, cols in boxes
        if TEXT_MIN_HEIGHT * page_height <= rows.stop - rows.start <= TEXT_MAX_HEIGHT * page_height
        and cols.stop - cols.start <= TEXT_MAX_WIDTH * page_width
    ]
    if len(glyphs) < TEXT_MIN_GLYPHS:
        return False
    span: int = max(cols.stop for cols in glyphs) - min(cols.start for cols in glyphs)
    return span >= TEXT_MIN_SPAN * page_width


def _has_separator(
    band: Mask,
    labels: NDArray[np.int32],
    boxes: list[tuple[slice, slice]],
    ink: Mask,
    page_height: int,
    page_width: int,
) -> bool:
    lines = [
        (index, box)
        for index, box in enumerate(boxes, start=1)
        if box[1].stop - box[1].start >= LINE_MIN_LENGTH * page_width
        and box[0].stop - box[0].start <= LINE_MAX_HEIGHT * page_height
        and _is_thin(band[box] & (labels[box] == index), page_height)
    ]
    if not lines or len(lines) > LINE_MAX_COUNT:
        return False
    return any(not _is_underline(labels, index, box, ink) for index, box in lines)


def _is_thin(stroke: Mask, page_height: int) -> bool:
    present = stroke.any(axis=0)
    if present.mean() < LINE_MIN_CONTINUITY:
        return False
    columns = stroke[:, present]
    top = np.argmax(columns, axis=0)
    bottom = columns.shape[0] - np.argmax(columns[::-1], axis=0)
    depth = bottom - top
    limit = max(3.0, LINE_MAX_THICKNESS * page_height)
    return bool((depth <= limit).mean() >= LINE_MIN_THIN)


def _is_underline(
    labels: NDArray[np.int32], index: int, box: tuple[slice, slice], ink: Mask
) -> bool:
    """Whether text stands on the line: ink just above its top edge, column by column."""
    rows, cols = box
    line = labels[box] == index
    present = line.any(axis=0)
    tops = rows.start + np.argmax(line, axis=0)
    touched = 0
    for x, top in zip(np.nonzero(present)[0].tolist(), tops[present].tolist(), strict=True):
        above = ink[max(0, top - UNDERLINE_ROWS) : top, cols.start + x]
        touched += bool(above.any())
    return touched >= UNDERLINE_INK_SHARE * int(present.sum())
