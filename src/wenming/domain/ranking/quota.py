"""Who is within quota once an award is ranked, and how two rankings of the same
applicants compare (the what-if, docs/rules.md#what-if-and-normalization).

A quota (名额) is a number of places per recommending unit and award. Some of those
places are spent outside the ranking: by the unit's vetoed or rejected applicants and by
those that moved on past assessment, which keep their places (who holds a place is the
campaigns rule, ``wenming.campaigns.selectors.applications.holds_place``). Ranked, a
unit's applicants of one award are within quota in rank order up to its places less the
places spent; the rest, and every unranked applicant, are not. A unit without a quota is
not limited here (it could not have recommended anyone without one: docs/rules.md#quota).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Placing:
    """One applicant's place in one ranking: its award, recommending unit, rank (None:
    not ranked) and total."""

    key: int
    name: str
    award: int
    unit: Hashable
    rank: int | None
    total: Decimal


def within_quota(
    placings: Iterable[Placing],
    places: Mapping[tuple[int, Hashable], int],
    spent: Mapping[tuple[int, Hashable], int] | None = None,
) -> frozenset[int]:
    """The keys within quota: per award and unit, the best ranked up to its places less
    the places ``spent`` by its applicants outside the ranking."""
    spent = spent or {}
    ranked: dict[tuple[int, Hashable], list[Placing]] = {}
    for p in placings:
        if p.rank is not None:
            ranked.setdefault((p.award, p.unit), []).append(p)
    out: set[int] = set()
    for key, entries in ranked.items():
        entries.sort(key=lambda p: (p.rank, p.key))
        limit = places.get(key)
        if limit is not None:
            limit = max(limit - spent.get(key, 0), 0)
        out.update(p.key for p in (entries if limit is None else entries[:limit]))
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class Change:
    """One applicant side by side: before and after the trial's changes."""

    key: int
    name: str
    award: int
    rank_before: int | None
    rank_after: int | None
    total_before: Decimal
    total_after: Decimal
    within_before: bool
    within_after: bool

    @property
    def entering(self) -> bool:
        return self.within_after and not self.within_before

    @property
    def leaving(self) -> bool:
        return self.within_before and not self.within_after

    @property
    def rank_change(self) -> int | None:
        """Places gained (positive) or lost (negative); None when either is unranked."""
        if self.rank_before is None or self.rank_after is None:
            return None
        return self.rank_before - self.rank_after


def compare(
    before: Sequence[Placing],
    after: Sequence[Placing],
    within_before: frozenset[int],
    within_after: frozenset[int],
) -> list[Change]:
    """Every applicant of either ranking side by side, by award, then by its rank after
    (the unranked last), then by name."""
    old = {p.key: p for p in before}
    new = {p.key: p for p in after}
    out = []
    for key in old.keys() | new.keys():
        b, a = old.get(key), new.get(key)
        name, award = (a.name, a.award) if a else (b.name, b.award) if b else ("", 0)
        out.append(
            Change(
                key,
                name,
                award,
                b.rank if b else None,
                a.rank if a else None,
                b.total if b else Decimal(0),
                a.total if a else Decimal(0),
                key in within_before,
                key in within_after,
            )
        )
    never = 1 << 62
    out.sort(key=lambda c: (c.award, c.rank_after or never, c.name, c.key))
    return out
