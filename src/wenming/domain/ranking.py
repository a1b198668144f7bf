"""Totals, breakdowns and ranks of an award's applicants from per-clause figures
(DOMAIN §5 "Scoring", §7 "Aggregation", "Arithmetic" and "Ranking").

``rank`` is the one home of the ranking's arithmetic. The database only gathers, per
round, clause and method, the marks' count, sum, lowest and highest (``ClauseFigures``);
``rank`` turns them into each application's total and breakdown and orders the award:

- a clause's marks by one method combine as its round says (mean, trimmed mean, median:
  ``scoring.combine``); a clause marked by several methods takes their mean, weighted by
  the round's method weights when it has any;
- a round's total is the sum of its clauses. A figure above its clause's points is
  refused, so the criterion and item caps of §5 can never bind and need no step here;
- rounds combine by their weights over the rounds that cover the application (a covered
  round without marks counts as zero; a sampled round that did not draw it does not count);
- threshold criteria come from statistics and questionnaires, capped bonuses from the
  confirmed claims, deductions from the recorded counts (``scoring``'s public pieces);
- total = marks + thresholds + bonuses − deductions, exactly;
- an application without a single mark in any covering round is not ranked;
- ranks follow §7: total (compared at ``RANK_PLACES``, as stored) descending, fewer
  deduction points, more §6.3 preference, then name in code-point order; each entry says
  which rule put it after the one above it (``decided_by``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from enum import StrEnum
from typing import NamedTuple, Protocol

from wenming.domain.frameworks import ONE, ZERO, Framework
from wenming.domain.scoring import (
    MEAN_DIGITS,
    Aggregation,
    BonusClaim,
    BonusResult,
    ConditionResult,
    DeductionResult,
    OrganizationStatistics,
    QuestionnaireResult,
    ScoringError,
    ThresholdResult,
    bonus_results,
    combine,
    condition_counts,
    condition_result,
    deduction_results,
    threshold_of,
)

#: Totals are compared (and stored) at this precision, so that two equal totals reached by
#: different roundings of a mean tie, and the next rule decides.
RANK_PLACES = Decimal("0.0001")
_SUM = Context(prec=28, rounding=ROUND_HALF_UP)
_MEAN = Context(prec=MEAN_DIGITS, rounding=ROUND_HALF_UP)
_NO_STATISTICS = OrganizationStatistics()


class TieRule(StrEnum):
    """The rule that placed an entry after the one above it."""

    TOTAL = "total"
    DEDUCTIONS = "deductions"
    PREFERENCE = "preference"
    NAME = "name"


# --- inputs -----------------------------------------------------------------------------


class ClauseFigures(NamedTuple):
    """What the database gathers for one application, round, clause and method."""

    round: int
    clause: str
    method: str
    count: int
    total: Decimal
    low: Decimal
    high: Decimal
    # The marks themselves: needed only for a median of five marks or more.
    marks: tuple[Decimal, ...] = ()


@dataclass(frozen=True, slots=True)
class RoundSettings:
    key: int
    weight: Decimal = ONE
    aggregation: Aggregation = Aggregation.MEAN
    trim_from: int = 5
    # Weights of the marking methods of one clause (material, on-site); none: equal.
    method_weights: Mapping[str, Decimal] | None = None


@dataclass(frozen=True, slots=True)
class Applicant:
    key: int
    name: str
    rounds: tuple[int, ...]  # the rounds that cover it
    figures: Sequence[ClauseFigures] = ()
    statistics: OrganizationStatistics | None = None
    questionnaires: Mapping[str, QuestionnaireResult] = field(default_factory=dict)
    bonus_claims: Sequence[BonusClaim] = ()
    deductions: Mapping[str, int] = field(default_factory=dict)
    preference: int = 0  # seed 000 §6.3: how many preferred kinds of work (0-3)


# --- results ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MethodScore:
    figures: ClauseFigures
    value: Decimal
    rule: str  # single, mean, trimmed_mean, median: how its marks combined


@dataclass(frozen=True, slots=True)
class ClauseScore:
    key: str
    points: Decimal
    value: Decimal
    methods: tuple[MethodScore, ...]


@dataclass(frozen=True, slots=True)
class RoundScore:
    key: int
    weight: Decimal
    total: Decimal
    marked: bool
    clauses: tuple[ClauseScore, ...] = ()  # only when asked for detail


@dataclass(frozen=True, slots=True)
class Ranked:
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
        return _places(self.total)


class Placed(Protocol):
    """What the tie order reads of an entry: a ``Ranked`` or a stored row alike."""

    @property
    def total(self) -> Decimal: ...
    @property
    def deduction_total(self) -> Decimal: ...
    @property
    def preference(self) -> int: ...


def tie_rule(above: Placed, below: Placed) -> TieRule:
    """The first rule of §7 that tells ``above`` and ``below`` apart (names last)."""
    if _places(above.total) != _places(below.total):
        return TieRule.TOTAL
    if above.deduction_total != below.deduction_total:
        return TieRule.DEDUCTIONS
    if above.preference != below.preference:
        return TieRule.PREFERENCE
    return TieRule.NAME


def _places(value: Decimal) -> Decimal:
    return value.quantize(RANK_PLACES, rounding=ROUND_HALF_UP)


# --- the function -----------------------------------------------------------------------


def rank(
    framework: Framework,
    rounds: Sequence[RoundSettings],
    applicants: Iterable[Applicant],
    *,
    detail: bool = False,
) -> tuple[Ranked, ...]:
    """Every applicant of one award with its total, breakdown and rank, in rank order
    (the unranked last, by name). ``detail`` adds each round's clauses and methods.

    Raises ``ScoringError`` on a figure the framework does not admit (an unknown or a
    computed clause, an unknown round, marks outside the clause's points)."""
    with localcontext(_SUM):
        return _Ranking(framework, rounds, detail).run(applicants)


class _Ranking:
    def __init__(self, framework: Framework, rounds: Sequence[RoundSettings], detail: bool):
        self.framework = framework
        self.detail = detail
        self.rounds = {r.key: r for r in rounds}
        computed = {rule.criterion for rule in framework.thresholds}
        self.points = {
            clause.key: clause.points
            for criterion in framework.criteria()
            if criterion.number not in computed
            for clause in criterion.clauses
        }
        self.computed = {
            clause.key
            for criterion in framework.criteria()
            if criterion.number in computed
            for clause in criterion.clauses
        }
        # A clause's value is a pure function of its figures and its round's settings.
        self.values: dict[ClauseFigures, Decimal] = {}
        self.conditions: dict[tuple[int, str, int | None, int | None], ConditionResult] = {}
        self.no_bonuses = bonus_results(framework.bonuses, ())

    def run(self, applicants: Iterable[Applicant]) -> tuple[Ranked, ...]:
        scored = [self.score(a) for a in applicants]
        ranked = [s for s in scored if s.rank is not None]
        ranked.sort(
            key=lambda s: (-s.ranked_total, s.deduction_total, -s.preference, s.name, s.key)
        )
        out = []
        previous: Ranked | None = None
        for n, entry in enumerate(ranked, 1):
            rule = None if previous is None else tie_rule(previous, entry)
            entry = _replace(entry, rank=n, decided_by=rule)
            out.append(entry)
            previous = entry
        out.extend(sorted((s for s in scored if s.rank is None), key=lambda s: (s.name, s.key)))
        return tuple(out)

    # --- one applicant ------------------------------------------------------------------

    def score(self, applicant: Applicant) -> Ranked:
        by_clause: dict[tuple[int, str], ClauseFigures] = {}
        several: dict[tuple[int, str], list[ClauseFigures]] = {}
        values = self.values
        for f in applicant.figures:
            if f not in values:
                values[f] = self.value(f)
            k = (f[0], f[1])
            first = by_clause.get(k)
            if first is None:
                by_clause[k] = f
            else:
                several.setdefault(k, [first]).append(f)
        covering = applicant.rounds
        totals = dict.fromkeys(covering, ZERO)
        marked: set[int] = set()
        for (round_key, clause), f in by_clause.items():
            if round_key not in totals:
                continue  # marks of a round that does not cover the applicant do not count
            marked.add(round_key)
            group = several.get((round_key, clause))
            value = values[f] if group is None else self.methods_value(round_key, group)
            totals[round_key] += value
        weights = sum((self.settings(r).weight for r in covering), ZERO)
        weighted = sum((self.settings(r).weight * totals[r] for r in covering), ZERO)
        criteria = _MEAN.divide(weighted, weights) if weights else ZERO

        thresholds = self.thresholds(applicant)
        threshold_total = sum((t.earned for t in thresholds), ZERO)
        if applicant.bonus_claims:
            bonuses = bonus_results(self.framework.bonuses, applicant.bonus_claims)
        else:
            bonuses = self.no_bonuses
        bonus_total = sum((b.value for b in bonuses), ZERO)
        deductions = (
            deduction_results(self.framework.deductions, applicant.deductions)
            if applicant.deductions
            else ()
        )
        deduction_total = sum((d.value for d in deductions), ZERO)
        round_scores = tuple(
            RoundScore(
                r,
                self.settings(r).weight,
                totals[r],
                r in marked,
                self.clauses(r, by_clause, several) if self.detail else (),
            )
            for r in covering
        )
        return Ranked(
            applicant.key,
            applicant.name,
            0 if marked else None,  # the place comes once the award is ordered
            None,
            criteria + threshold_total + bonus_total - deduction_total,
            criteria,
            threshold_total,
            bonus_total,
            deduction_total,
            applicant.preference,
            round_scores,
            thresholds,
            bonuses,
            deductions,
        )

    def settings(self, round_key: int) -> RoundSettings:
        try:
            return self.rounds[round_key]
        except KeyError:
            raise ScoringError("round_unknown", round=round_key) from None

    def value(self, f: ClauseFigures) -> Decimal:
        """One clause and method's value from its figures, after checking them. Read by
        position: the caller may pass plain tuples in the fields' order."""
        round_key, clause, _, count, total, low, high = f[:7]
        settings = self.settings(round_key)
        points = self.points.get(clause)
        if points is None:
            code = "clause_computed" if clause in self.computed else "clause_unknown"
            raise ScoringError(code, clause=clause)
        if (
            count < 1
            or low < ZERO
            or high > points
            or low > high
            or not low * count <= total <= high * count
        ):
            raise ScoringError("figures_invalid", clause=clause, figures=(count, total, low, high))
        marks = f[7] if len(f) > 7 else ()
        return combine(count, total, low, high, settings.aggregation, settings.trim_from, marks)

    def rule(self, f: ClauseFigures) -> str:
        settings = self.settings(f[0])
        count = f[3]
        if count == 1:
            return "single"
        if settings.aggregation is Aggregation.TRIMMED_MEAN and count < settings.trim_from:
            return Aggregation.MEAN.value
        return settings.aggregation.value

    def methods_value(self, round_key: int, group: list[ClauseFigures]) -> Decimal:
        """A clause marked by several methods: their mean, by the round's method weights."""
        weights = self.settings(round_key).method_weights
        if not weights:
            return _MEAN.divide(sum((self.values[f] for f in group), ZERO), len(group))
        given = [(weights.get(f[2], ONE), self.values[f]) for f in group]
        total_weight = sum((w for w, _ in given), ZERO)
        if not total_weight:
            return ZERO
        return _MEAN.divide(sum((w * v for w, v in given), ZERO), total_weight)

    def clauses(
        self,
        round_key: int,
        by_clause: Mapping[tuple[int, str], ClauseFigures],
        several: Mapping[tuple[int, str], list[ClauseFigures]],
    ) -> tuple[ClauseScore, ...]:
        out = []
        for key, points in self.points.items():
            first = by_clause.get((round_key, key))
            group = several.get((round_key, key)) or ([first] if first else [])
            methods = tuple(MethodScore(f, self.values[f], self.rule(f)) for f in group)
            if not group:
                value = ZERO
            elif len(group) == 1:
                value = methods[0].value
            else:
                value = self.methods_value(round_key, group)
            out.append(ClauseScore(key, points, value, methods))
        return tuple(out)

    def thresholds(self, applicant: Applicant) -> tuple[ThresholdResult, ...]:
        statistics = applicant.statistics or _NO_STATISTICS
        answers = applicant.questionnaires
        memo = self.conditions
        out = []
        for rule in self.framework.thresholds:
            results = []
            for condition in rule.conditions:
                numerator, denominator = condition_counts(condition, statistics, answers)
                key = (rule.criterion, condition.key, numerator, denominator)
                result = memo.get(key)
                if result is None:
                    result = memo[key] = condition_result(condition, statistics, answers)
                results.append(result)
            out.append(threshold_of(rule, tuple(results)))
        return tuple(out)


def _replace(entry: Ranked, *, rank: int, decided_by: TieRule | None) -> Ranked:
    return replace(entry, rank=rank, decided_by=decided_by)
