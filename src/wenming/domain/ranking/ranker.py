"""``rank`` and ``Ranker``: the one home of the ranking's arithmetic (see the package
docstring). The bulk path keeps integers in the hot loop; the detailed path goes clause by
clause with ``Fraction``s."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal, localcontext
from fractions import Fraction
from itertools import chain, groupby
from operator import itemgetter

from wenming.domain.frameworks import ZERO, ConditionKind, Framework
from wenming.domain.scoring import (
    NO_STATISTICS,
    SUM_CONTEXT,
    Aggregation,
    ConditionStatus,
    ScoringError,
    ThresholdResult,
    bonus_results,
    condition_checked,
    condition_result,
    condition_status,
    deduction_results,
    threshold_of,
)

from .hundredths import (
    HUNDREDTHS,
    add_methods_mean,
    cents_points,
    exact_sum,
    figure_order,
    fraction_points,
    median_ratio,
    ratio_points,
    round_and_clause,
    take_back,
)
from .inputs import Applicant, MarkKey, RoundSettings, Row
from .order import TieRule, at_rank_places
from .results import ClauseScore, MethodScore, Ranked, RoundScore, ranked_from

# Aggregations as small integers for the hot loop.
_MEAN_CODE, _TRIMMED_CODE, _MEDIAN_CODE = 0, 1, 2
_NEVER = 1 << 62  # a count of marks no clause reaches
_CODES = {
    Aggregation.MEAN: _MEAN_CODE,
    Aggregation.TRIMMED_MEAN: _TRIMMED_CODE,
    Aggregation.MEDIAN: _MEDIAN_CODE,
}


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


def marked_clauses(framework: Framework) -> dict[str, Decimal]:
    """The clauses assessors mark (not those of computed, threshold criteria), with
    their points, in framework order."""
    computed = {rule.criterion for rule in framework.thresholds}
    return {
        clause.key: clause.points
        for criterion in framework.criteria()
        if criterion.number not in computed
        for clause in criterion.clauses
    }


# What ``add`` keeps of an applicant until the award is ordered: the sort key first.
_Entry = tuple[Decimal, Decimal, int, str, int, Row]
# A round's rule for the hot loop: aggregation code, the count of marks from which the
# rule is more than the plain mean, the method weights (or None).
_Limits = tuple[int, int, dict[str, Fraction] | None]
_round_of = itemgetter(1)


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
        self.points = marked_clauses(framework)
        # The same, in hundredths, for the hot loop (points have at most two decimals).
        self.cents = {key: int(points * HUNDREDTHS) for key, points in self.points.items()}
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
            round_total = ratio_points(*sums[only]) if marked else ZERO
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
            criteria = ratio_points(exact.numerator, exact.denominator) if exact else ZERO
            if round_scores is None:
                round_scores = tuple(
                    RoundScore(
                        r,
                        self.rounds[r].weight,
                        ratio_points(*sums[r]) if r in sums else ZERO,
                        r in sums,
                    )
                    for r in covering
                )
        if applicant.bonus_claims or applicant.deductions:
            with localcontext(SUM_CONTEXT):
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
            total = SUM_CONTEXT.add(criteria, threshold_total)
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
                (at_rank_places(total), deduction_total, applicant.preference, applicant.name,
                 applicant.key, rest)
            )  # fmt: skip
        else:
            self.unranked.append(ranked_from(applicant.key, applicant.name, None, None,
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
            out.append(ranked_from(entry[4], entry[3], n, rule, entry[2], entry[5]))
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
        out: dict[int, tuple[int, int]] = {}
        runs = 0  # runs of one (round, clause)
        for r, rows in groupby(figures, key=_round_of):
            if r in out:  # a round's figures apart: sort them and add again
                return self._sums(sorted(figures, key=figure_order), marks)
            settings = self.limits.get(r)
            if settings is None:
                raise ScoringError("round_unknown", round=r)
            out[r], round_runs = self._round_sum(r, rows, settings, marks)
            runs += round_runs
        if runs != len(set(map(round_and_clause, figures))):
            # Figures of one clause (or round) apart: sort them and add again.
            return self._sums(sorted(figures, key=figure_order), marks)
        return out

    def _round_sum(
        self,
        r: int,
        rows: Iterator[Row],
        settings: _Limits,
        marks: Mapping[MarkKey, Sequence[int]],
    ) -> tuple[tuple[int, int], int]:
        """One round's sum of clause values as (numerator, denominator), and how many runs
        of one clause its figures made.

        ``acc`` maps denominator → numerator; the round's commonest denominator (guessed
        from its first figure) is kept apart in ``d0`` / ``n0``, so that a round whose
        clauses all have the same count of marks adds plain integers."""
        code, limit, method_weights = settings
        cents = self.cents
        first = next(rows)
        acc: dict[int, int] = {}
        d0, n0 = first[4], 0
        cur_clause = None
        group: list[tuple[int, int, str]] | None = None  # several methods of one clause
        last_num, last_den, last_method = 0, 1, ""
        runs = 0
        for _, _, clause, method, n, s, lo, hi in chain((first,), rows):
            points = cents.get(clause)
            if points is None or not (0 <= lo <= hi <= points and lo * n <= s <= hi * n and n > 0):
                raise self._figure_error(clause, (n, s, lo, hi))
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
                num, den = median_ratio(marks.get((r, clause, method), ()), n)
            if clause == cur_clause:
                if group is None:
                    # Taken back: the clause takes the mean of its methods.
                    n0 = take_back(acc, last_num, last_den, d0, n0)
                    group = [(last_num, last_den, last_method)]
                group.append((num, den, method))
            else:
                if group:
                    d0, n0 = add_methods_mean(acc, group, method_weights, d0, n0)
                    group = None
                cur_clause = clause
                runs += 1
                if den == d0:
                    n0 += num
                else:
                    acc[den] = acc.get(den, 0) + num
            last_num, last_den, last_method = num, den, method
        if group:
            d0, n0 = add_methods_mean(acc, group, method_weights, d0, n0)
        return exact_sum(acc, d0, n0), runs

    def _figure_error(self, clause: str, figures: tuple[int, int, int, int]) -> ScoringError:
        """Why a figure was refused: its clause is computed or unknown, or its four figures
        are impossible (outside the clause's points, a sum outside count × lowest/highest)."""
        if clause not in self.cents:
            code = "clause_computed" if clause in self.computed else "clause_unknown"
            return ScoringError(code, clause=clause)
        return ScoringError("figures_invalid", clause=clause, figures=figures)

    def _threshold_total(self, applicant: Applicant) -> Decimal:
        statistics = applicant.statistics or NO_STATISTICS
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
                MethodScore(r, clause, row[3], row[4], cents_points(row[5]), cents_points(row[6]),
                            cents_points(row[7]), fraction_points(value), rule)
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
                    fraction_points(values[(r, key)]) if (r, key) in values else ZERO,
                    methods.get((r, key), ()),
                )
                for key, points in self.points.items()
            )
            total = fraction_points(sums[r]) if r in sums else ZERO
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
            num, den = median_ratio(marks.get((r, clause, method), ()), n)
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
        statistics = applicant.statistics or NO_STATISTICS
        answers = applicant.questionnaires
        return tuple(
            threshold_of(
                rule,
                tuple(condition_result(c, statistics, answers) for c in rule.conditions),
            )
            for rule in self.framework.thresholds
        )
