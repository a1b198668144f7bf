"""What ``rank`` returns: per applicant a ``Ranked`` with its totals, rounds and, on
request, every clause and method."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from wenming.domain.scoring import (
    BonusResult,
    DeductionResult,
    ThresholdResult,
)

from .inputs import Row
from .order import TieRule, at_rank_places


@dataclass(frozen=True, slots=True)
class MethodScore:
    round: int
    clause: str
    method: str
    count: int
    total: Decimal
    low: Decimal
    high: Decimal
    value: Decimal
    rule: str  # single, mean, trimmed_mean, median: how its marks combined

    @property
    def figures(self) -> tuple[int, str, str, int, Decimal, Decimal, Decimal]:
        """(round, clause, method, count, sum, lowest, highest), in points."""
        return (self.round, self.clause, self.method, self.count, self.total, self.low, self.high)


@dataclass(frozen=True, slots=True)
class ClauseScore:
    key: str
    points: Decimal
    value: Decimal
    methods: tuple[MethodScore, ...]


class RoundScore(NamedTuple):
    key: int
    weight: Decimal
    total: Decimal
    marked: bool
    clauses: tuple[ClauseScore, ...] = ()  # only when asked for detail


class Ranked(NamedTuple):
    """One applicant's place. Without ``detail``, ``rounds`` carry no clauses and
    ``thresholds`` is empty (the bulk ranking stores totals only). A named tuple: an
    award of 50,000 makes 50,000 of them."""

    key: int
    name: str
    rank: int | None  # None: not ranked (no mark in any covering round)
    decided_by: TieRule | None  # against the entry ranked just above; None for the first
    total: Decimal
    criteria_total: Decimal  # the marks, rounds combined by weight
    threshold_total: Decimal
    bonus_total: Decimal
    deduction_total: Decimal
    preference: int
    rounds: tuple[RoundScore, ...]
    thresholds: tuple[ThresholdResult, ...]
    bonuses: tuple[BonusResult, ...]
    deductions: tuple[DeductionResult, ...]

    @property
    def ranked_total(self) -> Decimal:
        return at_rank_places(self.total)


def ranked_from(
    key: int, name: str, place: int | None, rule: TieRule | None, preference: int, rest: Row
) -> Ranked:
    total, criteria, thresholds_, bonuses_, deductions_, rounds, thresholds, bonuses, ded = rest
    return Ranked(
        key,
        name,
        place,
        rule,
        total,
        criteria,
        thresholds_,
        bonuses_,
        deductions_,
        preference,
        rounds,
        thresholds,
        bonuses,
        ded,
    )
