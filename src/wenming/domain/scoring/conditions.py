"""Threshold criteria judged from data (docs/rules.md#thresholds): each condition on its
two counts, exactly, and the criterion from its conditions. Zero denominators follow
docs/rules.md#zero-denominators."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from wenming.domain.frameworks import (
    ONE,
    ZERO,
    ConditionKind,
    ThresholdCondition,
    ThresholdRule,
)

from .arithmetic import ScoringError
from .facts import NO_STATISTICS, OrganizationStatistics, QuestionnaireResult


class ConditionStatus(StrEnum):
    HELD = "held"
    NOT_HELD = "not_held"
    # Not computable is not zero: the criterion earns nothing and the reason is shown.
    NOT_COMPUTABLE = "not_computable"


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


def threshold_result(
    rule: ThresholdRule,
    statistics: OrganizationStatistics | None,
    questionnaires: Mapping[str, QuestionnaireResult],
) -> ThresholdResult:
    """A threshold criterion judged from data: its points only if every condition holds;
    not computable when any condition is (docs/rules.md#zero-denominators)."""
    statistics = statistics or NO_STATISTICS
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


def condition_counts(
    condition: ThresholdCondition,
    statistics: OrganizationStatistics,
    questionnaires: Mapping[str, QuestionnaireResult],
) -> tuple[int | None, int | None]:
    """The two counts a condition reads: statistics for a ratio, a questionnaire's positive
    answers and respondents otherwise; None where not reported."""
    if condition.kind is ConditionKind.RATIO:
        numerator, denominator = condition.numerator, condition.denominator
        if numerator is None or denominator is None:
            # The framework refuses a ratio without both counts; this states it for the types.
            raise ScoringError("ratio_counts_unnamed", condition=condition.key)
        return getattr(statistics, numerator.value), getattr(statistics, denominator.value)
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
        # Zero denominators, a decision (docs/rules.md#zero-denominators): from
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
    # Only a condition with both counts is computable (``condition_status``).
    computable = status is not ConditionStatus.NOT_COMPUTABLE
    if computable and numerator is not None and denominator is not None:
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
