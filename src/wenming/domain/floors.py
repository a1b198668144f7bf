"""Floors of the province's sampling (docs/rules.md#sampling): the lowest ratio a round may
sample, by the category of the award, and the city's re-check over all applicants.

Seed 000 §四(三)(四): villages and communities at least 30%, units and schools at least
20% on site at the province; the city's own re-check at least 50% of all applicants. The
figures are a campaign's setting; these are its defaults. Keys are award categories, plus
``recheck`` for the city's re-check. The sample's size stays ceil(ratio × population)
(``domain.sampling.sample_size``): 20% of 11 applicants is 3.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

RECHECK = "recheck"

DEFAULT_SAMPLING_FLOORS: dict[str, str] = {
    "village_town": "0.30",
    "community": "0.30",
    "unit": "0.20",
    "campus": "0.20",
    RECHECK: "0.50",
}


@dataclass(frozen=True, slots=True)
class FloorBreach:
    """A ratio below its floor: ``key`` is the category (or ``recheck``) concerned."""

    key: str
    ratio: Decimal
    floor: Decimal


def floor_of(floors: Mapping[str, str], key: str) -> Decimal:
    """The floor for ``key`` (a category or ``recheck``); 0 where the campaign sets none."""
    return Decimal(floors.get(key, "0"))


def floor_breaches(
    ratios: Mapping[str, Decimal], floors: Mapping[str, str]
) -> tuple[FloorBreach, ...]:
    """Every ratio below its floor, in key order; empty when the round may be drawn.

    ``ratios`` maps each category the round samples (or ``recheck``) to the lowest ratio
    it would sample that category at. A ratio exactly at its floor is allowed."""
    breaches = []
    for key in sorted(ratios):
        floor = floor_of(floors, key)
        if ratios[key] < floor:
            breaches.append(FloorBreach(key, ratios[key], floor))
    return tuple(breaches)
