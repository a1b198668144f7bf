"""Totals, breakdowns and ranks of an award's applicants from per-clause figures
(DOMAIN §5 "Scoring", §7 "Aggregation", "Arithmetic" and "Ranking").

``rank`` (and ``Ranker``, the same thing fed one applicant at a time) is the one home of
the ranking's arithmetic. The database only gathers, per application, round, clause and
method, the marks' count, sum, lowest and highest in whole hundredths (``ClauseFigures``);
this module turns them into each application's total and breakdown and orders the award:

- a clause's marks by one method combine as its round says (mean, trimmed mean, median;
  the rule of ``scoring.combine``); a clause marked by several methods takes their mean,
  weighted by the round's method weights when it has any;
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

Arithmetic. Marks have two decimals, so the figures are integers of hundredths and every
clause value is a ratio of integers (a mean of three marks is ``sum / 3``). The bulk path
keeps each round's sum of clause values exact as integer numerators per denominator, with
no Decimal and no object per figure; the marks' part of the total becomes a Decimal once,
at the edge, kept to ``MEAN_DIGITS`` significant digits (rounded half up). Totals are then
exact sums of Decimals. ``detail=True`` (the breakdown page) computes the same numbers
clause by clause with ``Fraction``s and returns every clause and method; a property test
holds the two paths equal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from enum import StrEnum
from fractions import Fraction
from math import lcm
from operator import itemgetter
from typing import Any, NamedTuple, Protocol

from wenming.domain.frameworks import ONE, ZERO, ConditionKind, Framework
from wenming.domain.scoring import (
    MEAN_DIGITS,
    Aggregation,
    BonusClaim,
    BonusResult,
    ConditionStatus,
    DeductionResult,
    OrganizationStatistics,
    QuestionnaireResult,
    ScoringError,
    ThresholdResult,
    bonus_results,
    condition_checked,
    condition_result,
    condition_status,
    deduction_results,
    threshold_of,
)

#: Totals are compared (and stored) at this precision, so that two equal totals reached by
#: different roundings tie, and the next rule decides.
RANK_PLACES = Decimal("0.0001")
_SUM = Context(prec=28, rounding=ROUND_HALF_UP)
_MEAN = Context(prec=MEAN_DIGITS, rounding=ROUND_HALF_UP)
_NO_STATISTICS = OrganizationStatistics()
_HUNDRED = 100
# Aggregations as small integers for the hot loop.
_MEAN_CODE, _TRIMMED_CODE, _MEDIAN_CODE = 0, 1, 2
_NEVER = 1 << 62  # a count of marks no clause reaches
_CODES = {
    Aggregation.MEAN: _MEAN_CODE,
    Aggregation.TRIMMED_MEAN: _TRIMMED_CODE,
    Aggregation.MEDIAN: _MEDIAN_CODE,
}


class TieRule(StrEnum):
    """The rule that placed an entry after the one above it."""

    TOTAL = "total"
    DEDUCTIONS = "deductions"
    PREFERENCE = "preference"
    NAME = "name"


# --- inputs -----------------------------------------------------------------------------


class ClauseFigures(NamedTuple):
    """One row of the figure aggregate: what the database gathers for one application,
    round, clause and method. ``total``, ``low`` and ``high`` are whole hundredths (a mark
    of 1.5 is 150). Plain tuples in this field order do as well."""

    application: int
    round: int
    clause: str
    method: str
    n: int  # how many marks
    total: int
    low: int
    high: int


#: A row of figures: a ``ClauseFigures`` or a plain tuple in its field order.
Row = tuple[Any, ...]

#: The marks of one (round, clause, method) in hundredths, in any order: a median of five
#: marks or more needs them (up to four, the four figures give it).
MarkKey = tuple[int, str, str]


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
    figures: Sequence[Row] = ()  # ClauseFigures or plain tuples in its field order
    statistics: OrganizationStatistics | None = None
    questionnaires: Mapping[str, QuestionnaireResult] = field(default_factory=dict)
    bonus_claims: Sequence[BonusClaim] = ()
    deductions: Mapping[str, int] = field(default_factory=dict)
    preference: int = 0  # seed 000 §6.3: how many preferred kinds of work (0-3)
    marks: Mapping[MarkKey, Sequence[int]] = field(default_factory=dict)


# --- results ----------------------------------------------------------------------------


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


def _decimal(value: Fraction) -> Decimal:
    """A ratio of hundredths as points, to ``MEAN_DIGITS`` significant digits."""
    return _MEAN.divide(Decimal(value.numerator), Decimal(value.denominator * _HUNDRED))


def _ratio(numerator: int, denominator: int) -> Decimal:
    return _MEAN.divide(Decimal(numerator), Decimal(denominator * _HUNDRED))


# --- the function -----------------------------------------------------------------------


def rank(
    framework: Framework,
    rounds: Sequence[RoundSettings],
    applicants: Iterable[Applicant],
    *,
    detail: bool = False,
) -> tuple[Ranked, ...]:
    """Every applicant of one award with its total, breakdown and rank, in rank order
    (the unranked last, by name). ``detail`` adds each round's clauses and methods and the
    threshold conditions.

    Raises ``ScoringError`` on a figure the framework does not admit (an unknown or a
    computed clause, an unknown round, marks outside the clause's points)."""
    ranker = Ranker(framework, rounds, detail=detail)
    for applicant in applicants:
        ranker.add(applicant)
    return ranker.result()


# What ``add`` keeps of an applicant until the award is ordered: the sort key first.
_Entry = tuple[Decimal, Decimal, int, str, int, Row]


class Ranker:
    """``rank`` one applicant at a time, so that a caller can stream the figures of a
    whole campaign (in application order) and keep only each applicant's totals."""

    def __init__(
        self, framework: Framework, rounds: Sequence[RoundSettings], *, detail: bool = False
    ) -> None:
        self.framework = framework
        self.detail = detail
        self.rounds = {r.key: r for r in rounds}
        for r in rounds:
            if r.aggregation is Aggregation.TRIMMED_MEAN and r.trim_from < 3:
                # Dropping two marks out of fewer than three would leave nothing to average.
                raise ScoringError("trim_from_invalid", value=r.trim_from)
        # Per round, (aggregation code, trim_from, method weights as Fractions or None).
        self.codes = {
            r.key: (
                _CODES[Aggregation(r.aggregation)],
                r.trim_from,
                {m: Fraction(w) for m, w in r.method_weights.items()} if r.method_weights else None,
            )
            for r in rounds
        }
        # Per round, the count of marks from which its rule is more than the plain mean.
        self.limits = {
            r.key: (
                code,
                {_MEAN_CODE: _NEVER, _TRIMMED_CODE: trim_from, _MEDIAN_CODE: 3}[code],
                weights,
            )
            for r in rounds
            for code, trim_from, weights in [self.codes[r.key]]
        }
        self.weights = {r.key: Fraction(r.weight) for r in rounds}
        computed = {rule.criterion for rule in framework.thresholds}
        self.points = {
            clause.key: clause.points
            for criterion in framework.criteria()
            if criterion.number not in computed
            for clause in criterion.clauses
        }
        # The same, in hundredths, for the hot loop (points have at most two decimals).
        self.cents = {key: int(points * _HUNDRED) for key, points in self.points.items()}
        self.computed = {
            clause.key
            for criterion in framework.criteria()
            if criterion.number in computed
            for clause in criterion.clauses
        }
        # Each condition with what it reads: statistics fields for a ratio, else a
        # questionnaire (``condition_counts``, inlined for the bulk path).
        self.compiled = [
            (
                rule.points,
                tuple(
                    (
                        c,
                        c.key,
                        c.numerator.value if c.kind is ConditionKind.RATIO and c.numerator else "",
                        c.denominator.value
                        if c.kind is ConditionKind.RATIO and c.denominator
                        else "",
                        c.questionnaire,
                    )
                    for c in rule.conditions
                ),
                all(c.kind is ConditionKind.QUESTIONNAIRE for c in rule.conditions),
            )
            for rule in framework.thresholds
        ]
        self.held: dict[tuple[str, int | None, int | None], bool] = {}
        self.no_bonuses = bonus_results(framework.bonuses, ())
        self.entries: list[_Entry] = []
        self.unranked: list[Ranked] = []

    # --- one applicant ------------------------------------------------------------------

    def add(self, applicant: Applicant) -> None:
        """Score one applicant (raises ``ScoringError`` on inadmissible figures)."""
        covering = applicant.rounds
        for r in covering:
            if r not in self.rounds:
                raise ScoringError("round_unknown", round=r)
        if self.detail:
            sums, round_scores = self._detailed(applicant)
            thresholds = self._thresholds(applicant)
            threshold_total = sum((t.earned for t in thresholds), ZERO)
        else:
            sums = self._sums(applicant.figures, applicant.marks)
            thresholds = ()
            threshold_total = self._threshold_total(applicant)
            round_scores = None
        weights = self.weights
        if len(covering) == 1:
            only = covering[0]
            marked = only in sums
            round_total = _ratio(*sums[only]) if marked else ZERO
            criteria = round_total if weights[only] else ZERO  # weight × total / weight
            if round_scores is None:
                round_scores = (RoundScore(only, self.rounds[only].weight, round_total, marked),)
        else:
            marked = any(r in sums for r in covering)
            weight = sum((weights[r] for r in covering), Fraction(0))
            exact = (
                sum((weights[r] * Fraction(*sums[r]) for r in covering if r in sums), Fraction(0))
                / weight
                if weight
                else Fraction(0)
            )
            criteria = _ratio(exact.numerator, exact.denominator) if exact else ZERO
            if round_scores is None:
                round_scores = tuple(
                    RoundScore(
                        r, self.rounds[r].weight, _ratio(*sums[r]) if r in sums else ZERO, r in sums
                    )
                    for r in covering
                )
        if applicant.bonus_claims or applicant.deductions:
            with localcontext(_SUM):
                if applicant.bonus_claims:
                    bonuses = bonus_results(self.framework.bonuses, applicant.bonus_claims)
                    bonus_total = sum((b.value for b in bonuses), ZERO)
                else:
                    bonuses, bonus_total = self.no_bonuses, ZERO
                deductions = (
                    deduction_results(self.framework.deductions, applicant.deductions)
                    if applicant.deductions
                    else ()
                )
                deduction_total = sum((d.value for d in deductions), ZERO)
                total = criteria + threshold_total + bonus_total - deduction_total
        else:
            bonuses, bonus_total, deductions, deduction_total = self.no_bonuses, ZERO, (), ZERO
            total = _SUM.add(criteria, threshold_total)
        rest = (
            total,
            criteria,
            threshold_total,
            bonus_total,
            deduction_total,
            round_scores,
            thresholds,
            bonuses,
            deductions,
        )
        if marked:
            self.entries.append(
                (_places(total), deduction_total, applicant.preference, applicant.name,
                 applicant.key, rest)
            )  # fmt: skip
        else:
            self.unranked.append(_ranked(applicant.key, applicant.name, None, None,
                                         applicant.preference, rest))  # fmt: skip

    def result(self) -> tuple[Ranked, ...]:
        """The award in rank order, the unranked last by name."""
        entries = sorted(self.entries, key=lambda e: (-e[0], e[1], -e[2], e[3], e[4]))
        out = []
        above: _Entry | None = None
        for n, entry in enumerate(entries, 1):
            if above is None:
                rule = None
            elif above[0] != entry[0]:
                rule = TieRule.TOTAL
            elif above[1] != entry[1]:
                rule = TieRule.DEDUCTIONS
            elif above[2] != entry[2]:
                rule = TieRule.PREFERENCE
            else:
                rule = TieRule.NAME
            out.append(_ranked(entry[4], entry[3], n, rule, entry[2], entry[5]))
            above = entry
        out.extend(sorted(self.unranked, key=lambda s: (s.name, s.key)))
        return tuple(out)

    # --- the bulk path: integers in the hot loop ----------------------------------------

    def _sums(
        self, figures: Sequence[Row], marks: Mapping[MarkKey, Sequence[int]]
    ) -> dict[int, tuple[int, int]]:
        """Each marked round's sum of clause values, exactly, in hundredths, as numerator
        and denominator.

        One pass over the figures, which come grouped by (round, clause) as the statement
        returns them (figures in another order are sorted first). Per round, the values
        add up as integer numerators per denominator (a mean of three is one numerator
        over 3), so nothing is rounded and no object is made per figure."""
        cents = self.cents
        limits = self.limits
        out: dict[int, tuple[int, int]] = {}
        acc: dict[int, int] = {}  # denominator → numerator, the current round (but d0)
        d0, n0 = 1, 0  # the current round's commonest denominator, kept apart from acc
        cur_round = cur_clause = None
        code = limit = 0
        method_weights = None
        group: list[tuple[int, int, str]] | None = None  # several methods of one clause
        last_num, last_den, last_method = 0, 1, ""
        runs = 0  # runs of one (round, clause)
        for _, r, clause, method, n, s, lo, hi in figures:
            if r != cur_round:
                if group:
                    d0, n0 = _add_group(acc, group, method_weights, d0, n0)
                    group = None
                if cur_round is not None:
                    out[cur_round] = _finish(acc, d0, n0)
                if r in out:  # a round's figures apart: sort them and add again
                    return self._sums(sorted(figures, key=_order), marks)
                settings = limits.get(r)
                if settings is None:
                    raise ScoringError("round_unknown", round=r)
                code, limit, method_weights = settings
                acc, d0, n0 = {}, n, 0
                cur_round, cur_clause = r, None
            points = cents.get(clause)
            if points is None:
                code_ = "clause_computed" if clause in self.computed else "clause_unknown"
                raise ScoringError(code_, clause=clause)
            if not (0 <= lo <= hi <= points and lo * n <= s <= hi * n and n > 0):
                raise ScoringError("figures_invalid", clause=clause, figures=(n, s, lo, hi))
            # The clause's value by this method as numerator / denominator (hundredths):
            # the mean below the round's limit (a mean round has none; a trimmed mean
            # trims from trim_from marks; a median of one or two marks is their mean).
            if n < limit:
                num, den = s, n
            elif code == _TRIMMED_CODE:
                num, den = s - hi - lo, n - 2
            elif n == 3:
                num, den = s - hi - lo, 1
            elif n == 4:
                num, den = s - hi - lo, 2
            else:
                num, den = _median(marks.get((r, clause, method), ()), n)
            if clause == cur_clause:
                if group is None:
                    # Taken back: the clause takes the mean of its methods.
                    if last_den == d0:
                        n0 -= last_num
                    else:
                        acc[last_den] -= last_num
                    group = [(last_num, last_den, last_method)]
                group.append((num, den, method))
            else:
                if group:
                    d0, n0 = _add_group(acc, group, method_weights, d0, n0)
                    group = None
                cur_clause = clause
                runs += 1
                if den == d0:
                    n0 += num
                else:
                    acc[den] = acc.get(den, 0) + num
            last_num, last_den, last_method = num, den, method
        if group:
            d0, n0 = _add_group(acc, group, method_weights, d0, n0)
        if cur_round is not None:
            out[cur_round] = _finish(acc, d0, n0)
        if runs != len(set(map(_round_clause, figures))):
            # Figures of one clause (or round) apart: sort them and add again.
            return self._sums(sorted(figures, key=_order), marks)
        return out

    def _threshold_total(self, applicant: Applicant) -> Decimal:
        statistics = applicant.statistics or _NO_STATISTICS
        answers = applicant.questionnaires
        held = self.held
        total = ZERO
        for points, conditions, asks in self.compiled:
            if asks and not answers:
                continue  # questionnaires only, none answered: not computable, nothing earned
            every = True
            for condition, key, numerator_field, denominator_field, questionnaire in conditions:
                if numerator_field:
                    numerator = getattr(statistics, numerator_field)
                    denominator = getattr(statistics, denominator_field)
                else:
                    answer = answers.get(questionnaire)
                    numerator, denominator = (
                        (None, None) if answer is None else (answer.positive, answer.respondents)
                    )
                ok = held.get((key, numerator, denominator))
                if ok is None:
                    condition_checked(condition, numerator, denominator)
                    status = condition_status(condition, numerator, denominator)[0]
                    ok = held[(key, numerator, denominator)] = status is ConditionStatus.HELD
                every = every and ok
            if every:
                total += points
        return total

    # --- the detailed path: clause by clause, with Fractions ----------------------------

    def _detailed(self, applicant: Applicant) -> tuple[dict[int, tuple[int, int]], Row]:
        groups: dict[tuple[int, str], list[Row]] = {}
        for f in applicant.figures:
            _, r, clause, *_rest = f
            if r not in self.rounds:
                raise ScoringError("round_unknown", round=r)
            groups.setdefault((r, clause), []).append(tuple(f))
        values: dict[tuple[int, str], Fraction] = {}
        methods: dict[tuple[int, str], tuple[MethodScore, ...]] = {}
        for (r, clause), rows in groups.items():
            scored = []
            for row in rows:
                value, rule = self._method_value(row, applicant.marks)
                scored.append((row, value, rule))
            values[(r, clause)] = self._clause_value(r, [(row[3], v) for row, v, _ in scored])
            methods[(r, clause)] = tuple(
                MethodScore(r, clause, row[3], row[4], _cents(row[5]), _cents(row[6]),
                            _cents(row[7]), _decimal(value), rule)
                for row, value, rule in scored
            )  # fmt: skip
        sums: dict[int, Fraction] = {}
        for (r, _), value in values.items():
            sums[r] = sums.get(r, Fraction(0)) + value
        round_scores = []
        for r in applicant.rounds:
            clauses = tuple(
                ClauseScore(
                    key,
                    points,
                    _decimal(values[(r, key)]) if (r, key) in values else ZERO,
                    methods.get((r, key), ()),
                )
                for key, points in self.points.items()
            )
            total = _decimal(sums[r]) if r in sums else ZERO
            round_scores.append(RoundScore(r, self.rounds[r].weight, total, r in sums, clauses))
        return {r: (v.numerator, v.denominator) for r, v in sums.items()}, tuple(round_scores)

    def _method_value(
        self, row: Row, marks: Mapping[MarkKey, Sequence[int]]
    ) -> tuple[Fraction, str]:
        """One clause and method's value from its figures (as ``scoring.combine``)."""
        _, r, clause, method, n, s, lo, hi = row
        points = self.cents.get(clause)
        if points is None:
            code = "clause_computed" if clause in self.computed else "clause_unknown"
            raise ScoringError(code, clause=clause)
        if n < 1 or lo < 0 or hi > points or lo > hi or not lo * n <= s <= hi * n:
            raise ScoringError("figures_invalid", clause=clause, figures=(n, s, lo, hi))
        settings = self.rounds[r]
        aggregation = Aggregation(settings.aggregation)
        if n == 1:
            return Fraction(s), "single"
        if aggregation is Aggregation.TRIMMED_MEAN:
            if n >= settings.trim_from:
                return Fraction(s - hi - lo, n - 2), Aggregation.TRIMMED_MEAN.value
            return Fraction(s, n), Aggregation.MEAN.value
        if aggregation is Aggregation.MEDIAN:
            if n <= 4:
                middle = s - hi - lo if n > 2 else s  # the middle one, two or none removed
                return Fraction(middle, 1 if n == 3 else 2), Aggregation.MEDIAN.value
            num, den = _median(marks.get((r, clause, method), ()), n)
            return Fraction(num, den), Aggregation.MEDIAN.value
        return Fraction(s, n), Aggregation.MEAN.value

    def _clause_value(self, round_key: int, given: list[tuple[str, Fraction]]) -> Fraction:
        """A clause marked by several methods: their mean, by the round's method weights."""
        if len(given) == 1:
            return given[0][1]
        weights = self.codes[round_key][2]
        if not weights:
            return sum((v for _, v in given), Fraction(0)) / len(given)
        weighted = [(weights.get(m, Fraction(1)), v) for m, v in given]
        total_weight = sum((w for w, _ in weighted), Fraction(0))
        if not total_weight:
            return Fraction(0)
        return sum((w * v for w, v in weighted), Fraction(0)) / total_weight

    def _thresholds(self, applicant: Applicant) -> tuple[ThresholdResult, ...]:
        statistics = applicant.statistics or _NO_STATISTICS
        answers = applicant.questionnaires
        return tuple(
            threshold_of(
                rule,
                tuple(condition_result(c, statistics, answers) for c in rule.conditions),
            )
            for rule in self.framework.thresholds
        )


# --- helpers ----------------------------------------------------------------------------


def _order(f: Row) -> tuple[int, str, str]:
    return (f[1], f[2], f[3])


def _cents(value: int) -> Decimal:
    return Decimal(value).scaleb(-2)


def _median(marks: Sequence[int], count: int) -> tuple[int, int]:
    """The median of five marks or more as numerator / denominator."""
    if len(marks) != count:
        raise ScoringError("median_needs_marks", count=count, given=len(marks))
    ordered = sorted(marks)
    middle = count // 2
    if count % 2:
        return ordered[middle], 1
    return ordered[middle - 1] + ordered[middle], 2


_round_clause = itemgetter(1, 2)


def _finish(acc: dict[int, int], d0: int, n0: int) -> tuple[int, int]:
    """Numerators per denominator as one exact ratio (numerator, denominator)."""
    if not acc:
        return n0, d0
    acc[d0] = acc.get(d0, 0) + n0
    common = lcm(*acc)
    return sum(num * (common // den) for den, num in acc.items()), common


def _add_group(
    acc: dict[int, int],
    group: list[tuple[int, int, str]],
    weights: Mapping[str, Fraction] | None,
    d0: int,
    n0: int,
) -> tuple[int, int]:
    """Add the mean of one clause's several methods (weighted when the round says so);
    returns the round's commonest denominator and its numerator."""
    if not weights and len(group) == 2:
        (a, da, _), (b, db, _) = group
        num, den = (a + b, 2 * da) if da == db else (a * db + b * da, 2 * da * db)
    elif weights:
        given = [(weights.get(m, Fraction(1)), Fraction(num, den)) for num, den, m in group]
        total_weight = sum((w for w, _ in given), Fraction(0))
        value = (
            sum((w * v for w, v in given), Fraction(0)) / total_weight
            if total_weight
            else Fraction(0)
        )
        num, den = value.numerator, value.denominator
    else:
        common = lcm(*(den for _, den, _ in group))
        num = sum(n * (common // d) for n, d, _ in group)
        den = common * len(group)
    if den == d0:
        return d0, n0 + num
    acc[den] = acc.get(den, 0) + num
    return d0, n0


def _ranked(
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
