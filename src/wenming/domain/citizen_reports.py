"""Citizens' reports (随手拍) and hotline tickets: the pure rules (seed 001, 通州).

- The tracking code a reporter is given: 12 characters of Crockford's base32 (no I, L, O,
  U), shown in three groups of four (``7KQ4-M9XA-2CTF``): 60 random bits, too many to
  guess under the lookup's rate limit, short enough to copy from a phone. What a person
  types back is read forgivingly (lower case, spaces, dashes, O for 0, I and L for 1).
- Grouping: a report joins the open group of the same inspection point and category
  opened within ``GROUP_DAYS``; a report placed only by its coordinates stands alone.
- The map's projection: longitude and latitude onto an SVG box, equirectangular scaled by
  the cosine of the middle latitude (a city or county is small enough for that to keep
  shapes honest), fitted to the bounding box of everything drawn, north up.
"""

import math
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
GROUP_SIZE = 4
#: Days during which repeated reports of one point and category make one group.
GROUP_DAYS = 30
_TYPED = str.maketrans({"O": "0", "I": "1", "L": "1"})


def tracking_code(choice: Callable[[str], str] = secrets.choice) -> str:
    """A new code, grouped for reading (``choice`` is injectable for tests)."""
    raw = "".join(choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + GROUP_SIZE] for i in range(0, CODE_LENGTH, GROUP_SIZE))


def normalize_code(typed: str) -> str | None:
    """The code a person typed, in its stored form; None when it cannot be one."""
    raw = "".join(c for c in typed.upper() if c.isalnum()).translate(_TYPED)
    if len(raw) != CODE_LENGTH or any(c not in ALPHABET for c in raw):
        return None
    return "-".join(raw[i : i + GROUP_SIZE] for i in range(0, CODE_LENGTH, GROUP_SIZE))


# ---- grouping ----------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenGroup:
    id: int
    point_id: int | None
    category: str
    opened_on: date


def group_for(
    groups: Iterable[OpenGroup], *, point_id: int | None, category: str, on: date
) -> int | None:
    """The open group a new report joins (the most recent that fits), None for a new one."""
    if point_id is None:
        return None
    fitting = [
        g
        for g in groups
        if g.point_id == point_id
        and g.category == category
        and g.opened_on <= on < g.opened_on + timedelta(days=GROUP_DAYS)
    ]
    if not fitting:
        return None
    return max(fitting, key=lambda g: (g.opened_on, g.id)).id


# ---- the map -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Projection:
    """Turns (lng, lat) into (x, y) in a ``width`` × ``height`` SVG box."""

    west: float
    north: float
    scale: float
    x_stretch: float
    offset_x: float
    offset_y: float
    width: float
    height: float

    def __call__(self, lng: float, lat: float) -> tuple[float, float]:
        x = self.offset_x + (lng - self.west) * self.x_stretch * self.scale
        y = self.offset_y + (self.north - lat) * self.scale
        return round(x, 1), round(y, 1)


def projection(
    coordinates: Sequence[tuple[float, float]],
    *,
    width: float = 800,
    height: float = 600,
    padding: float = 24,
) -> Projection:
    """The projection fitting every (lng, lat) given into the box, kept in proportion and
    centred. One point (or none) still gives a usable box: a span of 0.01° around it."""
    if not coordinates:
        coordinates = [(0.0, 0.0)]
    lngs = [c[0] for c in coordinates]
    lats = [c[1] for c in coordinates]
    west, east = min(lngs), max(lngs)
    south, north = min(lats), max(lats)
    if east - west < 1e-6:
        west, east = west - 0.005, east + 0.005
    if north - south < 1e-6:
        south, north = south - 0.005, north + 0.005
    stretch = math.cos(math.radians((north + south) / 2))
    span_x = (east - west) * stretch
    span_y = north - south
    scale = min((width - 2 * padding) / span_x, (height - 2 * padding) / span_y)
    return Projection(
        west=west,
        north=north,
        scale=scale,
        x_stretch=stretch,
        offset_x=(width - span_x * scale) / 2,
        offset_y=(height - span_y * scale) / 2,
        width=width,
        height=height,
    )


def svg_path(ring: Sequence[tuple[float, float]], project: Projection) -> str:
    """An SVG path's ``d`` for one closed outline."""
    if not ring:
        return ""
    points = [project(lng, lat) for lng, lat in ring]
    head, *rest = points
    return f"M{head[0]},{head[1]}" + "".join(f"L{x},{y}" for x, y in rest) + "Z"


def valid_coordinate(lng: float, lat: float) -> bool:
    """Within China's bounding box (73–136 °E, 3–54 °N): catches swapped or zeroed columns."""
    return 73 <= lng <= 136 and 3 <= lat <= 54


# ---- what the reporter reads -----------------------------------------------------------------

#: The reporter's status from the supervision item's state (None: not routed yet).
STATUS_OF_ITEM = {
    None: "received",
    "opened": "handling",
    "reminded": "handling",
    "feedback": "answered",
    "closed": "closed",
}
STATUSES = ("received", "handling", "answered", "closed")


def report_status(item_state: str | None) -> str:
    """受理 (received) → 办理中 (handling) → 已答复 (answered) → 已办结 (closed)."""
    return STATUS_OF_ITEM[item_state]


def item_states(status: str) -> list[str | None]:
    """The supervision states a reporter's status stands for (the list's filter)."""
    return [state for state, s in STATUS_OF_ITEM.items() if s == status]
