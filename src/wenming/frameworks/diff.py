"""Side-by-side differences between two versions of a clause-by-clause framework.

Items are matched by name, criteria by number, clauses by key; each pair is added,
removed, changed (text, points, methods or departments) or unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from wenming.domain.frameworks import Clause, Criterion, Framework, Item

ADDED, REMOVED, CHANGED, SAME = "added", "removed", "changed", "same"


def _status(old: Any, new: Any) -> str:
    if old is None:
        return ADDED
    if new is None:
        return REMOVED
    return SAME if old == new else CHANGED


@dataclass(frozen=True)
class ClauseDiff:
    key: str
    status: str
    old: Clause | None
    new: Clause | None


@dataclass(frozen=True)
class CriterionDiff:
    number: int
    status: str
    old: Criterion | None
    new: Criterion | None
    clauses: list[ClauseDiff] = field(default_factory=list)

    @property
    def text_changed(self) -> bool:
        return bool(self.old and self.new and self.old.text != self.new.text)

    @property
    def points_changed(self) -> bool:
        return bool(self.old and self.new and self.old.points != self.new.points)


@dataclass(frozen=True)
class ItemDiff:
    name: str
    status: str
    old_points: Decimal | None
    new_points: Decimal | None
    criteria: list[CriterionDiff]


@dataclass(frozen=True)
class FrameworkDiff:
    items: list[ItemDiff]
    old_total: Decimal
    new_total: Decimal

    def count(self, level: str, status: str) -> int:
        """How many criteria (level "criterion") or clauses ("clause") have ``status``."""
        criteria = [c for item in self.items for c in item.criteria]
        if level == "criterion":
            return sum(1 for c in criteria if c.status == status)
        return sum(1 for c in criteria for cl in c.clauses if cl.status == status)

    @property
    def changed(self) -> bool:
        return any(item.status != SAME for item in self.items)


def _pairs[T](old: dict[Any, T], new: dict[Any, T]) -> list[tuple[Any, T | None, T | None]]:
    keys = list(old) + [k for k in new if k not in old]
    return [(k, old.get(k), new.get(k)) for k in keys]


def _criterion(number: int, old: Criterion | None, new: Criterion | None) -> CriterionDiff:
    clauses = [
        ClauseDiff(key, _status(a, b), a, b)
        for key, a, b in _pairs(
            {c.key: c for c in (old.clauses if old else ())},
            {c.key: c for c in (new.clauses if new else ())},
        )
    ]
    return CriterionDiff(number, _status(old, new), old, new, clauses)


def _item(name: str, old: Item | None, new: Item | None) -> ItemDiff:
    criteria = [
        _criterion(number, a, b)
        for number, a, b in _pairs(
            {c.number: c for c in (old.criteria if old else ())},
            {c.number: c for c in (new.criteria if new else ())},
        )
    ]
    return ItemDiff(
        name,
        _status(old, new),
        old.points if old else None,
        new.points if new else None,
        criteria,
    )


def framework_diff(old: Framework, new: Framework) -> FrameworkDiff:
    """What changed from ``old`` to ``new``, item by item."""
    items = [
        _item(name, a, b)
        for name, a, b in _pairs({i.name: i for i in old.items}, {i.name: i for i in new.items})
    ]
    return FrameworkDiff(items, old.maximum, new.maximum)
