"""The order of an award's ranks (docs/rules.md#ranking): total at ``RANK_PLACES``
descending, fewer deduction points, more preference, then name; ``tie_rule`` names the rule
that told two entries apart."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Protocol

#: Totals are compared (and stored) at this precision, so that two equal totals reached by
#: different roundings tie, and the next rule decides.
RANK_PLACES = Decimal("0.0001")


class TieRule(StrEnum):
    """The rule that placed an entry after the one above it."""

    TOTAL = "total"
    DEDUCTIONS = "deductions"
    PREFERENCE = "preference"
    NAME = "name"


class Placed(Protocol):
    """What the tie order reads of an entry: a ``Ranked`` or a stored row alike."""

    @property
    def total(self) -> Decimal: ...
    @property
    def deduction_total(self) -> Decimal: ...
    @property
    def preference(self) -> int: ...


def tie_rule(above: Placed, below: Placed) -> TieRule:
    """The first rule (docs/rules.md#ranking) that tells ``above`` and ``below`` apart,
    names last."""
    if at_rank_places(above.total) != at_rank_places(below.total):
        return TieRule.TOTAL
    if above.deduction_total != below.deduction_total:
        return TieRule.DEDUCTIONS
    if above.preference != below.preference:
        return TieRule.PREFERENCE
    return TieRule.NAME


def at_rank_places(value: Decimal) -> Decimal:
    """``value`` at ``RANK_PLACES``, half up: how totals are compared and stored."""
    return value.quantize(RANK_PLACES, rounding=ROUND_HALF_UP)
