"""Evaluation frameworks (测评体系, docs/rules.md#frameworks) as plain, validated data.

A ``Framework`` is the clause-by-clause scoring sheet of one award (items → criteria →
clauses, bonus items, threshold indicators, deductions, negative list). A
``CompositeFramework`` is a weighted mix of components scored 0..100 with grade bands, as
the Liaocheng mid-year review and the Mentougou monthly assessment use.

Every object validates itself on construction and raises ``FrameworkError`` with a machine
code and parameters; the apps turn the code into a translated message. No user-facing text
lives here: names and texts come from the data files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from itertools import pairwise
from typing import Any

from wenming.domain.titles import Category, Level

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
DEFAULT_STEP = Decimal("0.5")


class FrameworkError(ValueError):
    """A framework that cannot be used; ``code`` names the problem, ``params`` locate it."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        details = ", ".join(f"{key}={value!r}" for key, value in params.items())
        super().__init__(f"{code}({details})" if details else code)


class Method(StrEnum):
    """How a clause is assessed (考评方法)."""

    MATERIAL = "material"  # 材料审核
    ONSITE = "onsite"  # 实地考察
    QUESTIONNAIRE = "questionnaire"  # 问卷调查


class Statistic(StrEnum):
    """Organization statistics that threshold indicators divide (docs/rules.md#thresholds)."""

    STAFF = "staff"
    PARTY_MEMBERS = "party_members"  # serving party members (在职党员)
    REGISTERED_VOLUNTEERS = "registered_volunteers"
    PARTY_MEMBER_VOLUNTEERS = "party_member_volunteers"
    VOLUNTEERS_SERVED = "volunteers_served"


class ConditionKind(StrEnum):
    """Where a threshold condition's rate comes from."""

    RATIO = "ratio"  # numerator / denominator over organization statistics
    QUESTIONNAIRE = "questionnaire"  # positive answers / respondents of a questionnaire


def _require(ok: bool, code: str, /, **params: Any) -> None:
    if not ok:
        raise FrameworkError(code, **params)


def _require_decimal(value: object, code: str, /, **params: Any) -> None:
    # Binary floats are refused outright: 0.2 * 3 must be 0.6 exactly (docs/rules.md#arithmetic).
    _require(isinstance(value, Decimal) and value.is_finite(), code, value=value, **params)


@dataclass(frozen=True, slots=True)
class Clause:
    """A scoring point (评分点) of a criterion, marked 0..points by an assessor."""

    key: str
    text: str
    points: Decimal
    methods: tuple[Method, ...] = ()
    departments: tuple[str, ...] = ()  # the first listed leads (牵头)
    evidence: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _require(bool(self.key), "clause_key_missing")
        _require_decimal(self.points, "clause_points_invalid", clause=self.key)
        _require(self.points > ZERO, "clause_points_invalid", clause=self.key, value=self.points)


@dataclass(frozen=True, slots=True)
class Criterion:
    """A numbered assessment criterion (测评标准); its points are its clauses' sum."""

    number: int
    text: str
    points: Decimal
    clauses: tuple[Clause, ...]

    def __post_init__(self) -> None:
        _require(self.number > 0, "criterion_number_invalid", criterion=self.number)
        _require_decimal(self.points, "criterion_points_invalid", criterion=self.number)
        _require(bool(self.clauses), "criterion_without_clauses", criterion=self.number)
        total = sum((clause.points for clause in self.clauses), ZERO)
        _require(
            total == self.points,
            "criterion_points_mismatch",
            criterion=self.number,
            points=self.points,
            clauses_sum=total,
        )

    @property
    def methods(self) -> tuple[Method, ...]:
        """The union of the clauses' methods, in first-seen order."""
        return tuple(dict.fromkeys(m for clause in self.clauses for m in clause.methods))

    @property
    def departments(self) -> tuple[str, ...]:
        """The union of the clauses' departments; the first is the lead."""
        return tuple(dict.fromkeys(d for clause in self.clauses for d in clause.departments))


@dataclass(frozen=True, slots=True)
class Item:
    """An assessment item (测评项目) with its total; the total is its criteria's sum."""

    number: int
    name: str
    points: Decimal
    criteria: tuple[Criterion, ...]

    def __post_init__(self) -> None:
        _require_decimal(self.points, "item_points_invalid", item=self.name)
        _require(bool(self.criteria), "item_without_criteria", item=self.name)
        total = sum((criterion.points for criterion in self.criteria), ZERO)
        _require(
            total == self.points,
            "item_points_mismatch",
            item=self.name,
            points=self.points,
            criteria_sum=total,
        )


@dataclass(frozen=True, slots=True)
class BonusLevel:
    """Points per claim at one level of a bonus item (e.g. national honor title +2)."""

    level: str
    points: Decimal
    text: str = ""

    def __post_init__(self) -> None:
        _require(bool(self.level), "bonus_level_missing")
        _require_decimal(self.points, "bonus_points_invalid", level=self.level)
        _require(self.points > ZERO, "bonus_points_invalid", level=self.level, value=self.points)


@dataclass(frozen=True, slots=True)
class BonusRule:
    """A bonus item (特色加分项目): points per claim by level, within a date window, capped.

    With ``once_per_content`` claims sharing a content key count once, at their highest
    level ("同一内容的创建经验按最高分加分,不重复加分").
    """

    key: str
    name: str
    cap: Decimal
    levels: tuple[BonusLevel, ...]
    window_start: date | None = None
    window_end: date | None = None
    once_per_content: bool = False
    text: str = ""
    methods: tuple[Method, ...] = ()
    departments: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _require(bool(self.key), "bonus_key_missing")
        _require_decimal(self.cap, "bonus_cap_invalid", bonus=self.key)
        _require(self.cap > ZERO, "bonus_cap_invalid", bonus=self.key, value=self.cap)
        _require(bool(self.levels), "bonus_without_levels", bonus=self.key)
        names = [level.level for level in self.levels]
        _require(len(set(names)) == len(names), "bonus_level_duplicate", bonus=self.key)
        if self.window_start is not None and self.window_end is not None:
            _require(
                self.window_start <= self.window_end,
                "bonus_window_reversed",
                bonus=self.key,
                start=self.window_start,
                end=self.window_end,
            )

    def points_for(self, level: str) -> Decimal | None:
        """The points one claim at ``level`` earns, or None when the level is unknown."""
        for entry in self.levels:
            if entry.level == level:
                return entry.points
        return None


@dataclass(frozen=True, slots=True)
class ThresholdCondition:
    """One rate that must reach ``minimum`` (a fraction: 0.8 means 80%).

    ``all_required_below``: when the denominator is below it, the rate must be 100%
    (criterion 22: "单位在职党员总数20人以下的全员注册").
    """

    key: str
    kind: ConditionKind
    minimum: Decimal
    numerator: Statistic | None = None
    denominator: Statistic | None = None
    questionnaire: str = ""
    all_required_below: int | None = None

    def __post_init__(self) -> None:
        _require(bool(self.key), "condition_key_missing")
        _require_decimal(self.minimum, "condition_minimum_invalid", condition=self.key)
        _require(
            ZERO <= self.minimum <= ONE,
            "condition_minimum_invalid",
            condition=self.key,
            value=self.minimum,
        )
        if self.kind is ConditionKind.RATIO:
            _require(
                self.numerator is not None and self.denominator is not None,
                "condition_statistics_missing",
                condition=self.key,
            )
            _require(not self.questionnaire, "condition_kind_mixed", condition=self.key)
        else:
            _require(
                bool(self.questionnaire), "condition_questionnaire_missing", condition=self.key
            )
            _require(
                self.numerator is None and self.denominator is None,
                "condition_kind_mixed",
                condition=self.key,
            )
        if self.all_required_below is not None:
            _require(
                self.all_required_below > 0,
                "condition_all_required_below_invalid",
                condition=self.key,
                value=self.all_required_below,
            )


@dataclass(frozen=True, slots=True)
class ThresholdRule:
    """A threshold indicator: the criterion earns ``points`` only when every condition holds."""

    criterion: int
    points: Decimal
    conditions: tuple[ThresholdCondition, ...]

    def __post_init__(self) -> None:
        _require_decimal(self.points, "threshold_points_invalid", criterion=self.criterion)
        _require(bool(self.conditions), "threshold_without_conditions", criterion=self.criterion)
        keys = [condition.key for condition in self.conditions]
        _require(
            len(set(keys)) == len(keys), "threshold_condition_duplicate", criterion=self.criterion
        )


@dataclass(frozen=True, slots=True)
class Deduction:
    """A deduction item (减分项目): points off per finding, optionally capped."""

    key: str
    text: str
    points: Decimal
    cap: Decimal | None = None

    def __post_init__(self) -> None:
        _require(bool(self.key), "deduction_key_missing")
        _require_decimal(self.points, "deduction_points_invalid", deduction=self.key)
        _require(self.points > ZERO, "deduction_points_invalid", deduction=self.key)
        if self.cap is not None:
            _require_decimal(self.cap, "deduction_cap_invalid", deduction=self.key)
            _require(self.cap > ZERO, "deduction_cap_invalid", deduction=self.key)


@dataclass(frozen=True, slots=True)
class NegativeEntry:
    """A negative-list fact (负面清单) that disqualifies whatever the score."""

    key: str
    text: str

    def __post_init__(self) -> None:
        _require(bool(self.key), "negative_key_missing")


@dataclass(frozen=True, slots=True)
class Framework:
    """A versioned clause-by-clause framework; a framework in use is never changed."""

    code: str
    name: str
    issuing_body: str
    category: Category
    level: Level | None
    edition: str
    version: int
    items: tuple[Item, ...]
    bonuses: tuple[BonusRule, ...] = ()
    thresholds: tuple[ThresholdRule, ...] = ()
    deductions: tuple[Deduction, ...] = ()
    negative_list: tuple[NegativeEntry, ...] = ()
    step: Decimal = DEFAULT_STEP
    notes: str = ""

    def __post_init__(self) -> None:
        _require(bool(self.code), "framework_code_missing")
        _require(isinstance(self.category, Category), "category_invalid", value=self.category)
        _require(
            self.level is None or isinstance(self.level, Level), "level_invalid", value=self.level
        )
        _require(self.version > 0, "version_invalid", value=self.version)
        _require_decimal(self.step, "step_invalid")
        _require(self.step > ZERO, "step_invalid", value=self.step)
        _require(bool(self.items), "framework_without_items", framework=self.code)
        require_unique([item.number for item in self.items], "item_number_duplicate")
        require_unique([item.name for item in self.items], "item_name_duplicate")
        criteria = {c.number: c for item in self.items for c in item.criteria}
        require_unique(
            [c.number for item in self.items for c in item.criteria], "criterion_duplicate"
        )
        require_unique(
            [cl.key for c in criteria.values() for cl in c.clauses], "clause_key_duplicate"
        )
        for criterion in criteria.values():
            for clause in criterion.clauses:
                # A clause whose points are off the step could never be awarded in full.
                _require(
                    clause.points % self.step == ZERO,
                    "clause_points_off_step",
                    clause=clause.key,
                    points=clause.points,
                    step=self.step,
                )
        require_unique([bonus.key for bonus in self.bonuses], "bonus_duplicate")
        require_unique([rule.criterion for rule in self.thresholds], "threshold_duplicate")
        for rule in self.thresholds:
            target = criteria.get(rule.criterion)
            if target is None:
                raise FrameworkError("threshold_unknown_criterion", criterion=rule.criterion)
            _require(
                rule.points == target.points,
                "threshold_points_mismatch",
                criterion=rule.criterion,
                points=rule.points,
                criterion_points=target.points,
            )
        require_unique([d.key for d in self.deductions], "deduction_duplicate")
        require_unique([n.key for n in self.negative_list], "negative_duplicate")

    @property
    def maximum(self) -> Decimal:
        """The most the criteria can earn (the items' totals), bonuses excluded."""
        return sum((item.points for item in self.items), ZERO)

    @property
    def bonus_caps(self) -> Decimal:
        """The most the bonus items can add together."""
        return sum((bonus.cap for bonus in self.bonuses), ZERO)

    def criteria(self) -> tuple[Criterion, ...]:
        """Every criterion in item order."""
        return tuple(c for item in self.items for c in item.criteria)

    def criterion(self, number: int) -> Criterion:
        """The criterion numbered ``number``."""
        for item in self.items:
            for criterion in item.criteria:
                if criterion.number == number:
                    return criterion
        raise FrameworkError("criterion_unknown", criterion=number)


def require_unique(values: list[Any], code: str) -> None:
    """Raise ``FrameworkError(code)`` at the first value seen twice (checklists use it too)."""
    seen: set[Any] = set()
    for value in values:
        _require(value not in seen, code, value=value)
        seen.add(value)


# --- composite frameworks ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FrameworkComponent:
    """A component scored under another framework, normalized to 0..100.

    ``framework`` is that framework's code, or empty when the sources do not publish it and
    the group enters the 0..100 score directly (Liaocheng's 42 common criteria).
    """

    key: str
    name: str
    weight: Decimal
    framework: str = ""

    def __post_init__(self) -> None:
        _validate_weight(self.key, self.weight)


@dataclass(frozen=True, slots=True)
class EvaluationPart:
    """One party's share of an evaluation (e.g. the community's own rating, half)."""

    key: str
    name: str
    party: str
    weight: Decimal


@dataclass(frozen=True, slots=True)
class EvaluationComponent:
    """A 0..100 evaluation by a named party, or a weighted mix of parts by several parties."""

    key: str
    name: str
    weight: Decimal
    party: str = ""
    parts: tuple[EvaluationPart, ...] = ()

    def __post_init__(self) -> None:
        _validate_weight(self.key, self.weight)
        _validate_evaluation(self)


@dataclass(frozen=True, slots=True)
class RosterEvent:
    """Points per event of a duty roster (absent -5, conscientious +2, …)."""

    kind: str
    name: str
    points: Decimal


@dataclass(frozen=True, slots=True)
class RosterComponent:
    """A duty roster (值勤通报): ``start`` plus points per event, bounded to min..max."""

    key: str
    name: str
    weight: Decimal
    events: tuple[RosterEvent, ...]
    start: Decimal = HUNDRED
    minimum: Decimal = ZERO
    maximum: Decimal = HUNDRED

    def __post_init__(self) -> None:
        _validate_weight(self.key, self.weight)
        _validate_roster(self)


Component = FrameworkComponent | EvaluationComponent | RosterComponent


@dataclass(frozen=True, slots=True)
class GradeBand:
    """A grade (优秀, 良好, …) reached at ``minimum`` or above."""

    code: str
    name: str
    minimum: Decimal


@dataclass(frozen=True, slots=True)
class CompositeFramework:
    """A weighted mix of 0..100 components with grade bands; weights sum to exactly 1."""

    code: str
    name: str
    components: tuple[Component, ...]
    bands: tuple[GradeBand, ...] = ()
    issuing_body: str = ""
    category: Category | None = None
    level: Level | None = None
    edition: str = ""
    version: int = 1
    notes: str = ""

    def __post_init__(self) -> None:
        _require(bool(self.code), "framework_code_missing")
        _require(self.version > 0, "version_invalid", value=self.version)
        _require(bool(self.components), "composite_without_components", framework=self.code)
        require_unique([c.key for c in self.components], "component_duplicate")
        total = sum((c.weight for c in self.components), ZERO)
        _require(total == ONE, "weights_not_one", framework=self.code, weights_sum=total)
        _validate_bands(self.bands)

    def grade(self, score: Decimal) -> GradeBand | None:
        """The band ``score`` reaches, or None when the framework has no bands."""
        for band in self.bands:
            if score >= band.minimum:
                return band
        return None


def _validate_weight(key: str, weight: Decimal) -> None:
    _require(bool(key), "component_key_missing")
    _require_decimal(weight, "weight_invalid", component=key)
    _require(ZERO < weight <= ONE, "weight_invalid", component=key, value=weight)


def _validate_evaluation(component: EvaluationComponent) -> None:
    if not component.parts:
        return
    require_unique([p.key for p in component.parts], "part_duplicate")
    for part in component.parts:
        _require_decimal(part.weight, "weight_invalid", component=component.key, part=part.key)
        _require(
            ZERO < part.weight <= ONE, "weight_invalid", component=component.key, part=part.key
        )
    total = sum((p.weight for p in component.parts), ZERO)
    _require(total == ONE, "weights_not_one", component=component.key, weights_sum=total)


def _validate_roster(component: RosterComponent) -> None:
    _require(bool(component.events), "roster_without_events", component=component.key)
    require_unique([e.kind for e in component.events], "roster_event_duplicate")
    for event in component.events:
        _require_decimal(event.points, "roster_points_invalid", event=event.kind)
    for value in (component.start, component.minimum, component.maximum):
        _require_decimal(value, "roster_bounds_invalid", component=component.key)
    _require(
        component.minimum <= component.start <= component.maximum,
        "roster_bounds_invalid",
        component=component.key,
        start=component.start,
        minimum=component.minimum,
        maximum=component.maximum,
    )


def _validate_bands(bands: tuple[GradeBand, ...]) -> None:
    if not bands:
        return
    require_unique([b.code for b in bands], "band_duplicate")
    for band in bands:
        _require_decimal(band.minimum, "band_minimum_invalid", band=band.code)
    minimums = [b.minimum for b in bands]
    # Bands are listed from the best down so that the first one reached is the grade.
    _require(
        all(a > b for a, b in pairwise(minimums)),
        "band_order",
        minimums=minimums,
    )
    _require(minimums[-1] == ZERO, "band_floor_missing", lowest=minimums[-1])
