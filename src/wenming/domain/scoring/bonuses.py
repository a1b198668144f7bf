"""Bonus items (docs/rules.md#bonus) and deductions (docs/rules.md#deductions): claims
counted under their windows and once-per-content rule, capped; deductions counted, capped."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from wenming.domain.frameworks import (
    ZERO,
    BonusRule,
    Deduction,
)

from .arithmetic import ScoringError
from .facts import BonusClaim


@dataclass(frozen=True, slots=True)
class ClaimResult:
    claim: BonusClaim
    points: Decimal
    counted: bool
    reason: str = ""  # outside_window, same_content


@dataclass(frozen=True, slots=True)
class BonusResult:
    key: str
    cap: Decimal
    before_cap: Decimal
    value: Decimal
    claims: tuple[ClaimResult, ...]


@dataclass(frozen=True, slots=True)
class DeductionResult:
    key: str
    count: int
    before_cap: Decimal
    value: Decimal


def bonus_results(
    rules: Sequence[BonusRule], claims: Iterable[BonusClaim]
) -> tuple[BonusResult, ...]:
    """Each bonus item's claims counted under its date window and its once-per-content rule
    (the same content counts once, at its highest), and capped (docs/rules.md#bonus)."""
    by_key = {rule.key: rule for rule in rules}
    per_rule: dict[str, list[ClaimResult]] = {key: [] for key in by_key}
    best: dict[tuple[str, str], int] = {}  # (rule, content) → index of the counted claim
    for claim in claims:
        rule = by_key.get(claim.rule)
        if rule is None:
            raise ScoringError("bonus_unknown", bonus=claim.rule)
        points = rule.points_for(claim.level)
        if points is None:
            raise ScoringError("bonus_level_unknown", bonus=claim.rule, level=claim.level)
        results = per_rule[rule.key]
        outside = (rule.window_start is not None and claim.dated < rule.window_start) or (
            rule.window_end is not None and claim.dated > rule.window_end
        )
        if outside:
            results.append(ClaimResult(claim, points, False, "outside_window"))
            continue
        if not rule.once_per_content:
            results.append(ClaimResult(claim, points, True))
            continue
        if not claim.content_key:
            raise ScoringError("bonus_content_key_missing", bonus=rule.key)
        slot = (rule.key, claim.content_key)
        previous = best.get(slot)
        if previous is None:
            best[slot] = len(results)
            results.append(ClaimResult(claim, points, True))
        elif points > results[previous].points:
            old = results[previous]
            results[previous] = ClaimResult(old.claim, old.points, False, "same_content")
            best[slot] = len(results)
            results.append(ClaimResult(claim, points, True))
        else:
            results.append(ClaimResult(claim, points, False, "same_content"))
    out = []
    for rule in rules:
        results = per_rule[rule.key]
        raw = sum((r.points for r in results if r.counted), ZERO)
        out.append(BonusResult(rule.key, rule.cap, raw, min(raw, rule.cap), tuple(results)))
    return tuple(out)


def deduction_results(
    rules: Sequence[Deduction], counts: Mapping[str, int]
) -> tuple[DeductionResult, ...]:
    """Each deduction item applied ``count`` times, capped where the item says so."""
    by_key = {rule.key: rule for rule in rules}
    out = []
    for key, count in counts.items():
        rule = by_key.get(key)
        if rule is None:
            raise ScoringError("deduction_unknown", deduction=key)
        if count < 0:
            raise ScoringError("deduction_count_negative", deduction=key, count=count)
        raw = rule.points * count
        value = raw if rule.cap is None else min(raw, rule.cap)
        out.append(DeductionResult(key, count, raw, value))
    return tuple(out)
