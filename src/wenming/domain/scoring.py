"""The scoring engine (DOMAIN §5 "Scoring", §7 "Arithmetic" and "Aggregation").

``Scorer`` compiles a ``Framework`` once and then scores applications: marks per clause
(several assessors each), bonus claims, organization statistics and questionnaire results,
deductions and negative-list findings. The result is a frozen ``Breakdown`` whose numbers
add up exactly to its total. ``score_composite`` scores a ``CompositeFramework``.

Arithmetic is ``Decimal`` throughout. Sums, caps and weights are exact; the one inexact
step is the mean of several assessors' marks, which is kept to ``MEAN_DIGITS`` significant
digits (rounded half up). That bound keeps every later sum exact within the 28 digits of
the default context, so the breakdown always adds up to the total to the last digit.
Displays round with ``quantize2``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from enum import StrEnum
from operator import itemgetter
from typing import Any

from wenming.domain.frameworks import (
    HUNDRED,
    ONE,
    ZERO,
    BonusRule,
    Clause,
    CompositeFramework,
    ConditionKind,
    Deduction,
    EvaluationComponent,
    Framework,
    FrameworkComponent,
    RosterComponent,
    ThresholdCondition,
    ThresholdRule,
)

#: Significant digits kept for a mean of several marks; see the module docstring.
MEAN_DIGITS = 22
_MEAN_CONTEXT = Context(prec=MEAN_DIGITS, rounding=ROUND_HALF_UP)
# Sums run in a fixed context so that a caller's thread context cannot change a score.
_SUM_CONTEXT = Context(prec=28, rounding=ROUND_HALF_UP)
_CENT = Decimal("0.01")


def quantize2(value: Decimal) -> Decimal:
    """Round ``value`` half up to two decimals, for display (DOMAIN §7)."""
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


class ScoringError(ValueError):
    """Input the engine refuses; ``code`` names the problem, ``params`` locate it."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        details = ", ".join(f"{key}={value!r}" for key, value in params.items())
        super().__init__(f"{code}({details})" if details else code)


class Aggregation(StrEnum):
    """How several assessors' marks on one clause combine (a campaign setting)."""

    MEAN = "mean"
    TRIMMED_MEAN = "trimmed_mean"  # without one highest and one lowest, from 5 marks up
    MEDIAN = "median"  # the middle mark; the mean of the two middle ones for an even count


def combine(
    count: int,
    total: Decimal,
    low: Decimal,
    high: Decimal,
    aggregation: Aggregation = Aggregation.MEAN,
    trim_from: int = 5,
    marks: Sequence[Decimal] = (),
) -> Decimal:
    """Several assessors' marks on one clause as one value (DOMAIN §7 "Aggregation").

    From the marks' count, sum, lowest and highest: the mean ``total / count``; the
    trimmed mean ``(total - high - low) / (count - 2)`` from ``trim_from`` marks up; the
    median, which the four figures give for up to four marks (the middle two of four are
    the sum less the lowest and highest) and which needs ``marks`` themselves, in any
    order, from five up. A mean is kept to ``MEAN_DIGITS`` significant digits.
    """
    if count <= 0:
        return ZERO
    if count == 1:
        return total
    if aggregation is Aggregation.TRIMMED_MEAN and count >= trim_from:
        return _MEAN_CONTEXT.divide(total - high - low, count - 2)
    if aggregation is Aggregation.MEDIAN:
        if count == 2:
            return _MEAN_CONTEXT.divide(total, 2)
        if count == 3:
            return total - high - low
        if count == 4:
            return _MEAN_CONTEXT.divide(total - high - low, 2)
        if len(marks) != count:
            raise ScoringError("median_needs_marks", count=count, given=len(marks))
        ordered = sorted(marks)
        middle = count // 2
        if count % 2:
            return ordered[middle]
        return _MEAN_CONTEXT.divide(ordered[middle - 1] + ordered[middle], 2)
    return _MEAN_CONTEXT.divide(total, count)


class ConditionStatus(StrEnum):
    HELD = "held"
    NOT_HELD = "not_held"
    # Not computable is not zero: the criterion earns nothing and the reason is shown.
    NOT_COMPUTABLE = "not_computable"


# --- inputs -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OrganizationStatistics:
    """Counts an applicant reports; None means not reported (so rates are not computable)."""

    staff: int | None = None
    party_members: int | None = None  # serving party members (在职党员)
    registered_volunteers: int | None = None
    party_member_volunteers: int | None = None
    volunteers_served: int | None = None


@dataclass(frozen=True, slots=True)
class QuestionnaireResult:
    """A questionnaire's outcome for one applicant: positive answers out of respondents."""

    positive: int
    respondents: int


@dataclass(frozen=True, slots=True)
class BonusClaim:
    """A claim under a bonus item: an honor title or a promoted experience."""

    rule: str
    level: str
    dated: date  # the document date decides the window ("以发文时间为准")
    content_key: str = ""  # the same experience counts once, at its highest
    title: str = ""


# --- results ----------------------------------------------------------------------------


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
class ConditionResult:
    key: str
    kind: ConditionKind
    status: ConditionStatus
    value: Decimal | None  # the rate, None when not computable
    minimum: Decimal  # the minimum applied (1 when "all of them" applies)
    numerator: int | None
    denominator: int | None
    all_required: bool
    # Why not computable (denominator_zero, no_respondents, not_reported), or group_empty
    # for an "all of them" condition over an empty group, which holds.
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ThresholdResult:
    criterion: int
    points: Decimal
    earned: Decimal
    status: ConditionStatus  # held only if all hold; not computable if any is
    conditions: tuple[ConditionResult, ...]


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


# --- the engine -------------------------------------------------------------------------


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
            self._threshold(rule, points, _NO_STATISTICS, {}, [])
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
        with localcontext(_SUM_CONTEXT):
            return self._score(
                marks,
                bonus_claims,
                statistics or _NO_STATISTICS,
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

        if statistics is _NO_STATISTICS and not questionnaires:
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
            # A float could carry binary rounding (DOMAIN §7).
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


_NO_STATISTICS = OrganizationStatistics()


def bonus_results(
    rules: Sequence[BonusRule], claims: Iterable[BonusClaim]
) -> tuple[BonusResult, ...]:
    """Each bonus item's claims counted under its date window and its once-per-content rule
    (the same content counts once, at its highest), and capped (DOMAIN §5 bonus items)."""
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


def threshold_result(
    rule: ThresholdRule,
    statistics: OrganizationStatistics | None,
    questionnaires: Mapping[str, QuestionnaireResult],
) -> ThresholdResult:
    """A threshold criterion judged from data: its points only if every condition holds;
    not computable when any condition is (DOMAIN §5 "Zero denominators")."""
    statistics = statistics or _NO_STATISTICS
    results = tuple(
        condition_result(condition, statistics, questionnaires) for condition in rule.conditions
    )
    return threshold_of(rule, results)


def threshold_of(rule: ThresholdRule, results: tuple[ConditionResult, ...]) -> ThresholdResult:
    """The criterion's result from its conditions' results: held only if all hold."""
    statuses = {r.status for r in results}
    if ConditionStatus.NOT_COMPUTABLE in statuses:
        status = ConditionStatus.NOT_COMPUTABLE
    elif ConditionStatus.NOT_HELD in statuses:
        status = ConditionStatus.NOT_HELD
    else:
        status = ConditionStatus.HELD
    earned = rule.points if status is ConditionStatus.HELD else ZERO
    return ThresholdResult(rule.criterion, rule.points, earned, status, results)


def _picker(indexes: list[int]) -> Callable[[list[Decimal]], list[Decimal]]:
    """A function returning ``[values[i] for i in indexes]``, in C where possible."""
    if len(indexes) == 1:
        only = indexes[0]
        return lambda values: [values[only]]
    get = itemgetter(*indexes)
    return lambda values: list(get(values))


def _admissible(points: Decimal, step: Decimal) -> frozenset[Decimal]:
    count = int(points / step)
    return frozenset(step * k for k in range(count + 1))


def condition_counts(
    condition: ThresholdCondition,
    statistics: OrganizationStatistics,
    questionnaires: Mapping[str, QuestionnaireResult],
) -> tuple[int | None, int | None]:
    """The two counts a condition reads: statistics for a ratio, a questionnaire's positive
    answers and respondents otherwise; None where not reported."""
    if condition.kind is ConditionKind.RATIO:
        assert condition.numerator is not None
        assert condition.denominator is not None
        return (
            getattr(statistics, condition.numerator.value),
            getattr(statistics, condition.denominator.value),
        )
    answer = questionnaires.get(condition.questionnaire)
    return (None, None) if answer is None else (answer.positive, answer.respondents)


def condition_status(
    condition: ThresholdCondition, numerator: int | None, denominator: int | None
) -> tuple[ConditionStatus, bool, str]:
    """One threshold condition judged on its two counts, exactly: its status, whether
    "all of them" applies, and the reason when it is not computable (or held over an
    empty group). The one place the rule lives: ``condition_result`` adds the display
    fields, and the ranking's bulk path calls this alone."""
    ratio = condition.kind is ConditionKind.RATIO
    all_required = (
        condition.all_required_below is not None
        and denominator is not None
        and denominator < condition.all_required_below
    )
    if numerator is None or denominator is None:
        return ConditionStatus.NOT_COMPUTABLE, all_required, "not_reported"
    if denominator == 0:
        # Zero denominators, a decision (docs/rules.md#zero-denominators, DOMAIN §5): from
        # what the rule means, not the arithmetic. "全员" — a condition everyone of a group
        # must meet (criterion 22: every serving party member registered as a volunteer
        # when the unit has fewer than 20) — HOLDS when the group is empty: nobody fails
        # it. A rate measured from respondents (a questionnaire) with none, or a plain
        # rate over an empty count (no staff), says nothing: not computable.
        if ratio and all_required:
            return ConditionStatus.HELD, True, "group_empty"
        reason = "denominator_zero" if ratio else "no_respondents"
        return ConditionStatus.NOT_COMPUTABLE, all_required, reason
    minimum = ONE if all_required else condition.minimum
    # Compare the counts exactly rather than a rounded rate: 7999/10000 is below 80%.
    if numerator >= minimum * denominator:
        return ConditionStatus.HELD, all_required, ""
    return ConditionStatus.NOT_HELD, all_required, ""


def condition_checked(
    condition: ThresholdCondition, numerator: int | None, denominator: int | None
) -> None:
    """Refuse counts no condition admits (negative; more positive answers than respondents)."""
    for count in (numerator, denominator):
        if count is not None and count < 0:
            raise ScoringError("count_negative", condition=condition.key, value=count)
    if (
        condition.kind is ConditionKind.QUESTIONNAIRE
        and numerator is not None
        and denominator is not None
        and numerator > denominator
    ):
        raise ScoringError(
            "questionnaire_positive_above_respondents",
            questionnaire=condition.questionnaire,
            positive=numerator,
            respondents=denominator,
        )


def condition_result(
    condition: ThresholdCondition,
    statistics: OrganizationStatistics,
    questionnaires: Mapping[str, QuestionnaireResult],
) -> ConditionResult:
    """One threshold condition judged on its two counts (``condition_status``), with its
    rate for display: None when not computable, 1 for an empty group that holds."""
    numerator, denominator = condition_counts(condition, statistics, questionnaires)
    condition_checked(condition, numerator, denominator)
    status, all_required, reason = condition_status(condition, numerator, denominator)
    value: Decimal | None = None
    if status is not ConditionStatus.NOT_COMPUTABLE:
        assert numerator is not None
        assert denominator is not None
        value = Decimal(numerator) / Decimal(denominator) if denominator else ONE
    return ConditionResult(
        condition.key,
        condition.kind,
        status,
        value,
        ONE if all_required else condition.minimum,
        numerator,
        denominator,
        all_required,
        reason,
    )


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


# --- composite frameworks ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PartResult:
    key: str
    weight: Decimal
    score: Decimal


@dataclass(frozen=True, slots=True)
class EventResult:
    kind: str
    count: int
    points: Decimal


@dataclass(frozen=True, slots=True)
class ComponentResult:
    key: str
    weight: Decimal
    score: Decimal  # 0..100
    weighted: Decimal  # weight * score
    parts: tuple[PartResult, ...] = ()
    events: tuple[EventResult, ...] = ()
    unbounded: Decimal | None = None  # a roster's value before its bounds


@dataclass(frozen=True, slots=True)
class CompositeBreakdown:
    framework: str
    version: int
    total: Decimal
    components: tuple[ComponentResult, ...]
    grade: str  # the band's code, empty when the framework has no bands


ComponentInput = Decimal | Breakdown | Mapping[str, Decimal] | Mapping[str, int]


def score_composite(
    composite: CompositeFramework, inputs: Mapping[str, ComponentInput]
) -> CompositeBreakdown:
    """Score a composite framework from one input per component key.

    A framework component takes a ``Breakdown`` (normalized to 0..100 by its maximum) or a
    0..100 ``Decimal``; an evaluation a 0..100 ``Decimal``, or its parts' scores by part key;
    a roster the count of each event kind.
    """
    for key in inputs:
        if not any(c.key == key for c in composite.components):
            raise ScoringError("component_unknown", component=key)
    with localcontext(_SUM_CONTEXT):
        results = []
        for component in composite.components:
            if component.key not in inputs:
                raise ScoringError("component_missing", component=component.key)
            value = inputs[component.key]
            if isinstance(component, RosterComponent):
                result = _roster(component, value)
            elif isinstance(component, EvaluationComponent):
                result = _evaluation(component, value)
            else:
                result = _framework_component(component, value)
            results.append(result)
        total = sum((r.weighted for r in results), ZERO)
        band = composite.grade(total)
        return CompositeBreakdown(
            composite.code,
            composite.version,
            total,
            tuple(results),
            band.code if band is not None else "",
        )


def _score_0_100(value: object, **where: Any) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ScoringError("component_score_invalid", value=value, **where)
    if not ZERO <= value <= HUNDRED:
        raise ScoringError("component_score_out_of_range", value=value, **where)
    return value


def _framework_component(component: FrameworkComponent, value: object) -> ComponentResult:
    if isinstance(value, Breakdown):
        if component.framework and value.framework != component.framework:
            raise ScoringError(
                "component_framework_mismatch",
                component=component.key,
                expected=component.framework,
                given=value.framework,
            )
        # Bonuses may lift a total above the maximum; the component scale stops at 100.
        capped = min(max(value.total, ZERO), value.maximum)
        score = _MEAN_CONTEXT.divide(capped * HUNDRED, value.maximum)
    else:
        score = _score_0_100(value, component=component.key)
    return ComponentResult(component.key, component.weight, score, component.weight * score)


def _evaluation(component: EvaluationComponent, value: object) -> ComponentResult:
    if not component.parts:
        score = _score_0_100(value, component=component.key)
        return ComponentResult(component.key, component.weight, score, component.weight * score)
    if not isinstance(value, Mapping):
        raise ScoringError("component_parts_missing", component=component.key)
    parts = []
    for part in component.parts:
        if part.key not in value:
            raise ScoringError("component_part_missing", component=component.key, part=part.key)
        part_score = _score_0_100(value[part.key], component=component.key, part=part.key)
        parts.append(PartResult(part.key, part.weight, part_score))
    for key in value:
        if not any(p.key == key for p in component.parts):
            raise ScoringError("component_part_unknown", component=component.key, part=key)
    score = sum((p.weight * p.score for p in parts), ZERO)
    return ComponentResult(
        component.key, component.weight, score, component.weight * score, tuple(parts)
    )


def _roster(component: RosterComponent, value: object) -> ComponentResult:
    if not isinstance(value, Mapping):
        raise ScoringError("roster_counts_missing", component=component.key)
    points = {event.kind: event.points for event in component.events}
    events = []
    raw = component.start
    for kind, count in value.items():
        if kind not in points:
            raise ScoringError("roster_event_unknown", component=component.key, kind=kind)
        if not isinstance(count, int) or count < 0:
            raise ScoringError("roster_count_invalid", component=component.key, kind=kind)
        events.append(EventResult(kind, count, points[kind] * count))
        raw += points[kind] * count
    # The bulletin counts events over the period, so the bounds apply to the final value.
    score = min(max(raw, component.minimum), component.maximum)
    return ComponentResult(
        component.key,
        component.weight,
        score,
        component.weight * score,
        events=tuple(events),
        unbounded=raw,
    )
