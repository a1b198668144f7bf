"""An application's score as a frozen ``Breakdown``, and the item → criterion → clause
tree it builds on demand."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from .bonuses import BonusResult, DeductionResult
from .conditions import ThresholdResult

if TYPE_CHECKING:
    from .engine import Scorer


@dataclass(frozen=True, slots=True)
class ClauseResult:
    key: str
    points: Decimal
    marks: tuple[Decimal, ...]
    value: Decimal
    computed: bool  # True for clauses of threshold criteria (never marked by hand)


@dataclass(frozen=True, slots=True)
class CriterionResult:
    number: int
    points: Decimal
    value: Decimal
    clauses: tuple[ClauseResult, ...]
    threshold: ThresholdResult | None


@dataclass(frozen=True, slots=True)
class ItemResult:
    number: int
    name: str
    points: Decimal
    value: Decimal
    criteria: tuple[CriterionResult, ...]


@dataclass(frozen=True, slots=True)
class Breakdown:
    """An application's score: total = criteria + capped bonuses - deductions.

    The clause → criterion → item tree is built on demand by ``items`` from the compact
    per-clause data, so that scoring many applications does not build objects nobody reads.
    """

    framework: str
    version: int
    maximum: Decimal
    total: Decimal
    criteria_total: Decimal
    bonus_total: Decimal
    deduction_total: Decimal
    disqualified: bool
    negative_findings: tuple[str, ...]
    thresholds: tuple[ThresholdResult, ...]
    bonuses: tuple[BonusResult, ...]
    deductions: tuple[DeductionResult, ...]
    item_values: tuple[Decimal, ...]
    criterion_values: tuple[Decimal, ...]
    clause_values: tuple[Decimal, ...]
    clause_marks: Mapping[str, Sequence[Decimal]]
    scorer: Scorer

    @property
    def items(self) -> tuple[ItemResult, ...]:
        """The full tree: items → criteria → clauses with their marks and values."""
        return self.scorer.tree(self)
