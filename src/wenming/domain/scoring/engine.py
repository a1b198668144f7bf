"""The scoring engine (docs/rules.md#scoring): ``Scorer`` compiles a ``Framework`` once
and then scores applications; ``score`` does both for one application."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal, localcontext
from functools import cache
from operator import itemgetter

from wenming.domain.frameworks import (
    ZERO,
    Clause,
    Framework,
    ThresholdRule,
)

from .arithmetic import SUM_CONTEXT, Aggregation, ScoringError, combine
from .bonuses import bonus_results, deduction_results
from .breakdown import Breakdown, ClauseResult, CriterionResult, ItemResult
from .conditions import ConditionStatus, ThresholdResult, threshold_result
from .facts import NO_STATISTICS, BonusClaim, OrganizationStatistics, QuestionnaireResult


class Scorer:
    """A framework compiled for fast scoring; build once, score many applications.

    Marks are ``Decimal``s, one sequence per clause key; several marks on a clause
    combine by ``combine``. A mark that is not a ``Decimal`` is refused.
    """

    __slots__ = (
        "_bonuses",
        "_clauses",
        "_computed",
        "_criteria",
        "_deductions",
        "_first_clauses",
        "_index",
        "_items",
        "_maximum",
        "_multi",
        "_negative",
        "_no_bonuses",
        "_thresholds",
        "_unreported",
        "_valid",
        "_zeros",
        "aggregation",
        "framework",
        "trim_from",
    )

    def __init__(
        self,
        framework: Framework,
        *,
        aggregation: Aggregation = Aggregation.MEAN,
        trim_from: int = 5,
    ) -> None:
        if trim_from < 3:
            # Dropping two marks out of fewer than three would leave nothing to average.
            raise ScoringError("trim_from_invalid", value=trim_from)
        self.framework = framework
        self.aggregation = aggregation
        self.trim_from = trim_from
        threshold_numbers = {rule.criterion for rule in framework.thresholds}
        clauses: list[Clause] = []
        criteria: list[tuple[int, int, Decimal]] = []  # clause range and points
        items: list[tuple[int, int, Decimal]] = []  # criterion range and points
        computed: dict[int, list[int]] = {}
        for item in framework.items:
            first_criterion = len(criteria)
            for criterion in item.criteria:
                start = len(clauses)
                clauses.extend(criterion.clauses)
                if criterion.number in threshold_numbers:
                    computed[criterion.number] = list(range(start, len(clauses)))
                criteria.append((start, len(clauses), criterion.points))
            items.append((first_criterion, len(criteria), item.points))
        self._clauses = tuple(clauses)
        self._criteria = tuple(criteria)
        self._items = tuple(items)
        computed_indexes = {i for indexes in computed.values() for i in indexes}
        self._computed = frozenset(computed_indexes)
        # Clauses of threshold criteria are computed, never marked: they are not in the index.
        self._index = {c.key: i for i, c in enumerate(clauses) if i not in computed_indexes}
        # The set of every admissible mark per clause: one set lookup checks range and step.
        self._valid = tuple(_admissible(c.points, framework.step) for c in clauses)
        self._zeros = [ZERO] * len(clauses)
        first = [a for a, _, _ in criteria]
        self._first_clauses = _picker(first)
        self._multi = tuple(
            (c, a, b, points) for c, (a, b, points) in enumerate(criteria) if b - a > 1
        )
        self._maximum = framework.maximum
        self._thresholds = tuple(
            (rule, tuple((i, clauses[i].points) for i in computed[rule.criterion]))
            for rule in framework.thresholds
        )
        self._bonuses = framework.bonuses
        self._deductions = framework.deductions
        self._negative = frozenset(n.key for n in framework.negative_list)
        self._unreported = tuple(
            self._threshold(rule, points, NO_STATISTICS, {}, [])
            for rule, points in self._thresholds
        )
        self._no_bonuses = bonus_results(self._bonuses, ())

    def score(
        self,
        marks: Mapping[str, Sequence[Decimal]],
        *,
        bonus_claims: Iterable[BonusClaim] = (),
        statistics: OrganizationStatistics | None = None,
        questionnaires: Mapping[str, QuestionnaireResult] | None = None,
        deductions: Mapping[str, int] | None = None,
        negative_findings: Iterable[str] = (),
    ) -> Breakdown:
        """Score one application; raises ``ScoringError`` on any inadmissible input."""
        with localcontext(SUM_CONTEXT):
            return self._score(
                marks,
                bonus_claims,
                statistics or NO_STATISTICS,
                questionnaires or {},
                deductions or {},
                negative_findings,
            )

    def _score(
        self,
        marks: Mapping[str, Sequence[Decimal]],
        bonus_claims: Iterable[BonusClaim],
        statistics: OrganizationStatistics,
        questionnaires: Mapping[str, QuestionnaireResult],
        deductions: Mapping[str, int],
        negative_findings: Iterable[str],
    ) -> Breakdown:
        index = self._index
        values = self._zeros.copy()
        for key, clause_marks in marks.items():
            try:
                i = index[key]
            except KeyError:
                raise self._unknown_clause(key) from None
            values[i] = self._aggregate(i, clause_marks)

        if statistics is NO_STATISTICS and not questionnaires:
            # Nothing reported: every condition is not computable, the same for everyone.
            thresholds = self._unreported
        else:
            thresholds = tuple(
                self._threshold(rule, clause_points, statistics, questionnaires, values)
                for rule, clause_points in self._thresholds
            )

        # Each clause is at most its points and the points add up (the framework validates
        # it), so these caps only bind if that invariant were ever broken; they state the rule.
        criterion_values = self._first_clauses(values)
        for c, a, b, points in self._multi:
            criterion_values[c] = min(sum(values[a:b], ZERO), points)
        item_values = tuple(
            min(sum(criterion_values[a:b], ZERO), points) for a, b, points in self._items
        )
        criteria_total = sum(item_values, ZERO)

        if not bonus_claims:
            bonuses, bonus_total = self._no_bonuses, ZERO
        else:
            bonuses = bonus_results(self._bonuses, bonus_claims)
            bonus_total = sum((b.value for b in bonuses), ZERO)
        deducted = deduction_results(self._deductions, deductions) if deductions else ()
        deduction_total = sum((d.value for d in deducted), ZERO)
        findings = tuple(negative_findings)
        for finding in findings:
            if finding not in self._negative:
                raise ScoringError("negative_unknown", finding=finding)

        framework = self.framework
        return Breakdown(
            framework.code,
            framework.version,
            self._maximum,
            criteria_total + bonus_total - deduction_total,
            criteria_total,
            bonus_total,
            deduction_total,
            bool(findings),
            findings,
            thresholds,
            bonuses,
            deducted,
            item_values,
            tuple(criterion_values),
            tuple(values),
            dict(marks),
            self,
        )

    def _aggregate(self, i: int, clause_marks: Sequence[Decimal]) -> Decimal:
        """Validate and combine one clause's marks."""
        for mark in clause_marks:
            # A float could carry binary rounding (docs/rules.md#arithmetic).
            if type(mark) is not Decimal:
                raise ScoringError("mark_not_decimal", clause=self._clauses[i].key, mark=mark)
        if not self._valid[i].issuperset(clause_marks):
            raise self._bad_mark(i, clause_marks)
        if not clause_marks:
            return ZERO
        return combine(
            len(clause_marks),
            sum(clause_marks, ZERO),
            min(clause_marks),
            max(clause_marks),
            self.aggregation,
            self.trim_from,
            clause_marks,
        )

    # --- threshold indicators -----------------------------------------------------------

    def _threshold(
        self,
        rule: ThresholdRule,
        clause_points: tuple[tuple[int, Decimal], ...],
        statistics: OrganizationStatistics,
        questionnaires: Mapping[str, QuestionnaireResult],
        values: list[Decimal],
    ) -> ThresholdResult:
        result = threshold_result(rule, statistics, questionnaires)
        if result.status is ConditionStatus.HELD:
            for i, points in clause_points:
                values[i] = points
        return result

    # --- bonuses and deductions ---------------------------------------------------------

    # --- errors (slow path) -------------------------------------------------------------

    def _unknown_clause(self, key: str) -> ScoringError:
        for i in self._computed:
            if self._clauses[i].key == key:
                return ScoringError("clause_computed", clause=key)
        return ScoringError("clause_unknown", clause=key)

    def _bad_mark(self, i: int, marks: Sequence[Decimal]) -> ScoringError:
        clause = self._clauses[i]
        step = self.framework.step
        for mark in marks:
            if not mark.is_finite():
                return ScoringError("mark_not_decimal", clause=clause.key, mark=mark)
            if mark < ZERO:
                return ScoringError("mark_negative", clause=clause.key, mark=mark)
            if mark > clause.points:
                return ScoringError(
                    "mark_above_points", clause=clause.key, mark=mark, points=clause.points
                )
            if mark % step != ZERO:
                return ScoringError("mark_off_step", clause=clause.key, mark=mark, step=step)
        return ScoringError("mark_invalid", clause=clause.key)  # pragma: no cover

    # --- the tree, on demand ------------------------------------------------------------

    def tree(self, breakdown: Breakdown) -> tuple[ItemResult, ...]:
        """Build the item → criterion → clause tree of ``breakdown``."""
        thresholds = {t.criterion: t for t in breakdown.thresholds}
        items = []
        criterion_index = 0
        for item_index, item in enumerate(self.framework.items):
            criteria = []
            for criterion in item.criteria:
                a, b, _ = self._criteria[criterion_index]
                clauses = tuple(
                    ClauseResult(
                        self._clauses[i].key,
                        self._clauses[i].points,
                        tuple(breakdown.clause_marks.get(self._clauses[i].key, ())),
                        breakdown.clause_values[i],
                        i in self._computed,
                    )
                    for i in range(a, b)
                )
                criteria.append(
                    CriterionResult(
                        criterion.number,
                        criterion.points,
                        breakdown.criterion_values[criterion_index],
                        clauses,
                        thresholds.get(criterion.number),
                    )
                )
                criterion_index += 1
            items.append(
                ItemResult(
                    item.number,
                    item.name,
                    item.points,
                    breakdown.item_values[item_index],
                    tuple(criteria),
                )
            )
        return tuple(items)


def _picker(indexes: list[int]) -> Callable[[list[Decimal]], list[Decimal]]:
    """A function returning ``[values[i] for i in indexes]``, in C where possible."""
    if len(indexes) == 1:
        only = indexes[0]
        return lambda values: [values[only]]
    get = itemgetter(*indexes)
    return lambda values: list(get(values))


@cache  # a page scores with a new Scorer; a framework has few distinct (points, step)
def _admissible(points: Decimal, step: Decimal) -> frozenset[Decimal]:
    count = int(points / step)
    return frozenset(step * k for k in range(count + 1))


def score(
    framework: Framework,
    marks: Mapping[str, Sequence[Decimal]],
    *,
    aggregation: Aggregation = Aggregation.MEAN,
    trim_from: int = 5,
    bonus_claims: Iterable[BonusClaim] = (),
    statistics: OrganizationStatistics | None = None,
    questionnaires: Mapping[str, QuestionnaireResult] | None = None,
    deductions: Mapping[str, int] | None = None,
    negative_findings: Iterable[str] = (),
) -> Breakdown:
    """Score one application under ``framework``."""
    scorer = Scorer(framework, aggregation=aggregation, trim_from=trim_from)
    return scorer.score(
        marks,
        bonus_claims=bonus_claims,
        statistics=statistics,
        questionnaires=questionnaires,
        deductions=deductions,
        negative_findings=negative_findings,
    )
