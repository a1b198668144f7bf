"""Frameworks as data: the built-in Yiyang framework, and the errors a bad framework gets."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from wenming.domain.framework_data import load, load_composite, load_framework
from wenming.domain.frameworks import (
    BonusLevel,
    BonusRule,
    Clause,
    CompositeFramework,
    ConditionKind,
    Criterion,
    EvaluationComponent,
    EvaluationPart,
    Framework,
    FrameworkError,
    GradeBand,
    Item,
    Method,
    RosterComponent,
    RosterEvent,
    Statistic,
    ThresholdCondition,
    ThresholdRule,
)
from wenming.domain.titles import Category, Level

DATA = Path(__file__).parents[2] / "src/wenming/frameworks/data"
D = Decimal


def read(name: str) -> dict:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def clause(key: str, points: str) -> Clause:
    return Clause(key, "", D(points))


def criterion(number: int, *points: str) -> Criterion:
    clauses = tuple(clause(f"{number}.{i}", p) for i, p in enumerate(points, 1))
    return Criterion(number, "", sum((c.points for c in clauses), D(0)), clauses)


def framework(*items: Item, **extra: object) -> Framework:
    return Framework(
        code="test",
        name="test",
        issuing_body="",
        category=Category.UNIT,
        level=Level.MUNICIPAL,
        edition="",
        version=1,
        items=items,
        **extra,  # type: ignore[arg-type]  # tests pass fields of any type, wrong ones too
    )


# --- the Yiyang framework (益阳 2021 方案, docs/rules.md#frameworks) ----------------------


def test_yiyang_items_have_the_totals_of_the_source() -> None:
    yiyang = load_framework(read("yiyang-unit-2021.yaml"))
    assert [item.points for item in yiyang.items] == [
        D(n) for n in (10, 6, 8, 4, 10, 6, 12, 10, 14, 8, 12)
    ]
    assert [item.name for item in yiyang.items][:2] == [
        "理想信念教育",
        "培育和践行社会主义核心价值观",
    ]


def test_yiyang_has_44_criteria_numbered_in_order_worth_100() -> None:
    yiyang = load_framework(read("yiyang-unit-2021.yaml"))
    assert [c.number for c in yiyang.criteria()] == list(range(1, 45))
    assert yiyang.maximum == D(100)
    assert (yiyang.code, yiyang.category, yiyang.level) == (
        "yiyang-unit-2021",
        Category.UNIT,
        Level.MUNICIPAL,
    )


def test_yiyang_criterion_1_is_three_clauses_of_2_points() -> None:
    yiyang = load_framework(read("yiyang-unit-2021.yaml"))
    first = yiyang.criterion(1)
    assert [c.points for c in first.clauses] == [D(2), D(2), D(2)]
    assert first.methods == (Method.MATERIAL,)
    assert first.departments == ("办公室",)


def test_yiyang_criterion_19_clauses_have_their_own_methods() -> None:
    yiyang = load_framework(read("yiyang-unit-2021.yaml"))
    clauses = yiyang.criterion(19).clauses
    assert [(c.points, c.methods) for c in clauses] == [
        (D(2), (Method.MATERIAL,)),
        (D(1), (Method.ONSITE,)),
    ]


def test_yiyang_bonus_items_are_capped_at_10_each() -> None:
    yiyang = load_framework(read("yiyang-unit-2021.yaml"))
    honors, experience = yiyang.bonuses
    assert (honors.cap, experience.cap) == (D(10), D(10))
    assert [(lv.level, lv.points) for lv in honors.levels] == [
        ("national", D(2)),
        ("provincial", D(1)),
        ("ministerial", D(1)),
        ("municipal", D("0.2")),
    ]
    assert [(lv.level, lv.points) for lv in experience.levels] == [
        ("national", D(3)),
        ("provincial", D(2)),
    ]
    assert experience.once_per_content
    assert not honors.once_per_content
    assert (honors.window_start, honors.window_end) == (date(2020, 1, 1), date(2021, 12, 31))


def test_yiyang_thresholds_are_on_criteria_15_22_38() -> None:
    yiyang = load_framework(read("yiyang-unit-2021.yaml"))
    rules = {rule.criterion: rule for rule in yiyang.thresholds}
    assert sorted(rules) == [15, 22, 38]
    assert [c.minimum for c in rules[15].conditions] == [D("0.8")]
    assert [c.minimum for c in rules[22].conditions] == [D("0.5"), D("0.8"), D("0.85")]
    assert rules[22].conditions[1].all_required_below == 20
    assert [c.minimum for c in rules[38].conditions] == [D("0.95"), D("0.9"), D("0.9")]
    assert all(rule.points == D(2) for rule in rules.values())


def test_composites_load_with_weights_summing_to_one() -> None:
    liaocheng = load_composite(read("liaocheng-midyear-2018.yaml"))
    mentougou = load_composite(read("mentougou-monthly-2020.yaml"))
    assert [c.weight for c in liaocheng.components] == [D("0.4"), D("0.3"), D("0.3")]
    assert [c.weight for c in mentougou.components] == [D("0.5"), D("0.5")]
    assert [(b.name, b.minimum) for b in mentougou.bands] == [
        ("优秀", D(90)),
        ("良好", D(80)),
        ("合格", D(60)),
        ("不合格", D(0)),
    ]


def test_every_data_file_loads() -> None:
    codes = {load(read(path.name)).code for path in DATA.glob("*.yaml")}
    assert codes == {
        "yiyang-unit-2021",
        "liaocheng-midyear-2018",
        "mentougou-monthly-2020",
        "village-town-example",
        "community-example",
        "campus-example",
        "family-example",
        "city-county-example",
    }


# --- validation -------------------------------------------------------------------------


def test_item_whose_total_differs_from_its_criteria_is_refused_naming_the_item() -> None:
    with pytest.raises(FrameworkError) as error:
        Item(1, "文明优质服务", D(10), (criterion(11, "2"), criterion(12, "2")))
    assert error.value.code == "item_points_mismatch"
    assert error.value.params == {"item": "文明优质服务", "points": D(10), "criteria_sum": D(4)}


def test_criterion_whose_points_differ_from_its_clauses_is_refused() -> None:
    with pytest.raises(FrameworkError) as error:
        Criterion(1, "", D(6), (clause("1.1", "2"), clause("1.2", "2")))
    assert (error.value.code, error.value.params["criterion"]) == ("criterion_points_mismatch", 1)
    assert error.value.params["clauses_sum"] == D(4)


def test_float_points_are_refused() -> None:
    with pytest.raises(FrameworkError) as error:
        Clause("1.1", "", 0.5)  # type: ignore[arg-type]  # the wrong type is the point
    assert error.value.code == "clause_points_invalid"


def test_duplicate_criterion_number_is_refused() -> None:
    with pytest.raises(FrameworkError) as error:
        framework(
            Item(1, "a", D(2), (criterion(1, "2"),)), Item(2, "b", D(2), (criterion(1, "2"),))
        )
    assert error.value.code in {"criterion_duplicate", "clause_key_duplicate"}


def test_clause_points_off_the_step_are_refused() -> None:
    with pytest.raises(FrameworkError) as error:
        framework(Item(1, "a", D("0.2"), (criterion(1, "0.2"),)))
    assert error.value.code == "clause_points_off_step"


def test_threshold_on_an_unknown_criterion_is_refused() -> None:
    rule = ThresholdRule(
        9,
        D(2),
        (ThresholdCondition("q", ConditionKind.QUESTIONNAIRE, D("0.8"), questionnaire="q"),),
    )
    with pytest.raises(FrameworkError) as error:
        framework(Item(1, "a", D(2), (criterion(1, "2"),)), thresholds=(rule,))
    assert error.value.params == {"criterion": 9}


def test_ratio_condition_without_its_statistics_is_refused() -> None:
    with pytest.raises(FrameworkError) as error:
        ThresholdCondition("v", ConditionKind.RATIO, D("0.5"), numerator=Statistic.STAFF)
    assert error.value.code == "condition_statistics_missing"


def test_bonus_window_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(FrameworkError) as error:
        BonusRule(
            "h", "h", D(10), (BonusLevel("national", D(2)),), date(2021, 1, 1), date(2020, 1, 1)
        )
    assert error.value.code == "bonus_window_reversed"


def test_evaluation_parts_not_summing_to_one_are_refused() -> None:
    parts = (EvaluationPart("a", "", "", D("0.5")), EvaluationPart("b", "", "", D("0.4")))
    with pytest.raises(FrameworkError) as error:
        CompositeFramework("c", "c", (EvaluationComponent("e", "", D(1), parts=parts),))
    assert (error.value.code, error.value.params["weights_sum"]) == ("weights_not_one", D("0.9"))


def test_grade_bands_out_of_order_are_refused() -> None:
    bands = (
        GradeBand("good", "", D(80)),
        GradeBand("excellent", "", D(90)),
        GradeBand("f", "", D(0)),
    )
    with pytest.raises(FrameworkError) as error:
        CompositeFramework("c", "c", (EvaluationComponent("e", "", D(1)),), bands)
    assert error.value.code == "band_order"


def test_roster_starting_outside_its_bounds_is_refused() -> None:
    with pytest.raises(FrameworkError) as error:
        RosterComponent("r", "", D(1), (RosterEvent("absent", "", D(-5)),), start=D(120))
    assert error.value.code == "roster_bounds_invalid"


@given(st.lists(st.integers(min_value=1, max_value=100), min_size=1, max_size=6))
def test_composite_weights_sum_to_one_or_the_framework_is_refused(percents: list[int]) -> None:
    components = tuple(EvaluationComponent(f"c{i}", "", D(p) / 100) for i, p in enumerate(percents))
    if sum(percents) == 100:
        composite = CompositeFramework("c", "c", components)
        assert sum(c.weight for c in composite.components) == D(1)
    else:
        with pytest.raises(FrameworkError) as error:
            CompositeFramework("c", "c", components)
        assert error.value.code == "weights_not_one"
