"""The scoring engine: marks, aggregation, thresholds, bonuses, deductions, composites."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from wenming.domain.framework_data import load_composite, load_framework
from wenming.domain.frameworks import (
    Clause,
    Criterion,
    Deduction,
    Framework,
    Item,
    NegativeEntry,
)
from wenming.domain.scoring import (
    Aggregation,
    BonusClaim,
    ConditionStatus,
    OrganizationStatistics,
    QuestionnaireResult,
    Scorer,
    ScoringError,
    quantize2,
    score,
    score_composite,
)
from wenming.domain.titles import Category, Level

DATA = Path(__file__).parents[2] / "src/wenming/frameworks/data"
D = Decimal


def read(name: str) -> dict:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


YIYANG = load_framework(read("yiyang-unit-2021.yaml"))
LIAOCHENG = load_composite(read("liaocheng-midyear-2018.yaml"))
MENTOUGOU = load_composite(read("mentougou-monthly-2020.yaml"))
COMPUTED = {rule.criterion for rule in YIYANG.thresholds}
MARKED = [
    clause
    for criterion in YIYANG.criteria()
    if criterion.number not in COMPUTED
    for clause in criterion.clauses
]
ALL_HELD = {
    "statistics": OrganizationStatistics(
        staff=100,
        party_members=30,
        registered_volunteers=60,
        party_member_volunteers=30,
        volunteers_served=60,
    ),
    "questionnaires": {
        key: QuestionnaireResult(100, 100)
        for key in (
            "public_satisfaction",
            "staff_participation",
            "staff_satisfaction",
            "staff_support",
        )
    },
}


def full_marks(assessors: int = 1) -> dict[str, tuple[Decimal, ...]]:
    return {clause.key: (clause.points,) * assessors for clause in MARKED}


def criterion_22(**counts: int) -> tuple:
    breakdown = score(YIYANG, {}, statistics=OrganizationStatistics(**counts))
    (result,) = [t for t in breakdown.thresholds if t.criterion == 22]
    return result.status, [c.status for c in result.conditions], result.earned


def satisfied(positive: int, respondents: int) -> tuple:
    questionnaires = {"public_satisfaction": QuestionnaireResult(positive, respondents)}
    breakdown = score(YIYANG, {}, questionnaires=questionnaires)
    (result,) = [t for t in breakdown.thresholds if t.criterion == 15]
    return result.status, result.earned


def honors(*claims: BonusClaim) -> tuple[Decimal, Decimal]:
    bonus = score(YIYANG, {}, bonus_claims=claims).bonuses[0]
    return bonus.before_cap, bonus.value


# --- totals and marks -------------------------------------------------------------------


def test_full_marks_with_every_threshold_held_score_100() -> None:
    assert score(YIYANG, full_marks(3), **ALL_HELD).total == D(100)


def test_full_marks_with_nothing_reported_lose_the_three_threshold_criteria() -> None:
    breakdown = score(YIYANG, full_marks())
    assert breakdown.total == D(94)
    assert {t.criterion: t.status for t in breakdown.thresholds} == {
        15: ConditionStatus.NOT_COMPUTABLE,
        22: ConditionStatus.NOT_COMPUTABLE,
        38: ConditionStatus.NOT_COMPUTABLE,
    }


def test_mean_of_three_assessors_is_shown_to_two_decimals_half_up() -> None:
    breakdown = score(YIYANG, {"2.1": (D(2), D(2), D("1.5"))})
    assert breakdown.total == D("1.833333333333333333333")
    assert quantize2(breakdown.total) == D("1.83")


def test_trimmed_mean_drops_one_highest_and_one_lowest_from_five_marks() -> None:
    marks = {"2.1": (D(0), D(1), D("1.5"), D(2), D(2))}
    assert score(YIYANG, marks, aggregation=Aggregation.TRIMMED_MEAN).total == D("1.5")
    assert score(YIYANG, marks).total == D("1.3")


def test_trimmed_mean_with_four_marks_is_the_plain_mean() -> None:
    marks = {"2.1": (D(0), D(1), D(2), D(2))}
    assert score(YIYANG, marks, aggregation=Aggregation.TRIMMED_MEAN).total == D("1.25")


def test_marks_given_as_a_list_score_like_a_tuple() -> None:
    assert score(YIYANG, {"2.1": [D(1), D(2)]}).total == D("1.5")


def test_quantize2_rounds_half_up() -> None:
    assert [quantize2(D(v)) for v in ("1.005", "2.345", "89.994", "-0.005")] == [
        D("1.01"),
        D("2.35"),
        D("89.99"),
        D("-0.01"),
    ]


@pytest.mark.parametrize(
    ("marks", "code"),
    [
        ({"2.1": (D("2.5"),)}, "mark_above_points"),
        ({"2.1": (D("-0.5"),)}, "mark_negative"),
        ({"2.1": (D("0.3"),)}, "mark_off_step"),
        ({"2.1": (0.5,)}, "mark_not_decimal"),
        ({"99.1": (D(1),)}, "clause_unknown"),
        ({"15.1": (D(2),)}, "clause_computed"),
    ],
)
def test_inadmissible_mark_is_refused_with_its_clause(marks: dict, code: str) -> None:
    with pytest.raises(ScoringError) as error:
        Scorer(YIYANG).score(marks)  # a fresh memo: nothing seen before
    assert error.value.code == code
    assert error.value.params["clause"] == next(iter(marks))


def test_mark_above_points_names_the_clause_and_its_points() -> None:
    with pytest.raises(ScoringError) as error:
        score(YIYANG, {"34.1": (D(5), D("5.5"))})
    assert error.value.params == {"clause": "34.1", "mark": D("5.5"), "points": D(5)}


def test_breakdown_tree_shows_marks_and_values_down_to_the_clause() -> None:
    breakdown = score(YIYANG, {"1.1": (D(2), D(1)), "1.3": (D(2),)})
    item = breakdown.items[0]
    assert (item.name, item.points, item.value) == ("理想信念教育", D(10), D("3.5"))
    first = item.criteria[0]
    assert (first.number, first.value) == (1, D("3.5"))
    assert [(c.key, c.marks, c.value) for c in first.clauses] == [
        ("1.1", (D(2), D(1)), D("1.5")),
        ("1.2", (), D(0)),
        ("1.3", (D(2),), D(2)),
    ]


# --- thresholds (docs/rules.md#thresholds) ----------------------------------------------


def test_satisfaction_of_exactly_80_percent_earns_criterion_15() -> None:
    assert satisfied(80, 100) == (ConditionStatus.HELD, D(2))


def test_satisfaction_just_below_80_percent_earns_nothing() -> None:
    assert satisfied(7999, 10000) == (ConditionStatus.NOT_HELD, D(0))


def test_questionnaire_without_respondents_is_not_computable_not_zero() -> None:
    breakdown = score(YIYANG, {}, questionnaires={"public_satisfaction": QuestionnaireResult(0, 0)})
    result = next(t for t in breakdown.thresholds if t.criterion == 15)
    (condition,) = result.conditions
    assert (result.status, result.earned) == (ConditionStatus.NOT_COMPUTABLE, D(0))
    assert (condition.value, condition.reason) == (None, "no_respondents")
    assert breakdown.items[4].criteria[4].threshold == result


def test_volunteers_at_exactly_half_the_staff_hold() -> None:
    counts = {"party_members": 30, "party_member_volunteers": 30, "volunteers_served": 60}
    assert criterion_22(staff=100, registered_volunteers=50, **counts)[1][0] == "held"
    assert criterion_22(staff=100, registered_volunteers=49, **counts)[1][0] == "not_held"


def test_party_member_volunteers_at_80_percent_hold() -> None:
    base = {"staff": 100, "registered_volunteers": 60, "volunteers_served": 60}
    held = criterion_22(party_members=25, party_member_volunteers=20, **base)
    below = criterion_22(party_members=25, party_member_volunteers=19, **base)
    assert held == (ConditionStatus.HELD, ["held"] * 3, D(2))
    assert below == (ConditionStatus.NOT_HELD, ["held", "not_held", "held"], D(0))


def test_fewer_than_20_party_members_must_all_register() -> None:
    base = {"staff": 100, "registered_volunteers": 60, "volunteers_served": 60}
    assert criterion_22(party_members=19, party_member_volunteers=19, **base)[2] == D(2)
    assert criterion_22(party_members=19, party_member_volunteers=18, **base)[2] == D(0)


def test_20_party_members_need_80_percent_not_all() -> None:
    base = {"staff": 100, "registered_volunteers": 60, "volunteers_served": 60}
    assert criterion_22(party_members=20, party_member_volunteers=16, **base)[2] == D(2)
    assert criterion_22(party_members=20, party_member_volunteers=15, **base)[2] == D(0)


def test_volunteers_served_at_85_percent_hold() -> None:
    base = {"staff": 100, "party_members": 30, "party_member_volunteers": 30}
    assert criterion_22(registered_volunteers=100, volunteers_served=85, **base)[2] == D(2)
    assert criterion_22(registered_volunteers=100, volunteers_served=84, **base)[2] == D(0)


def test_no_serving_party_members_holds_the_all_of_them_condition() -> None:
    # Zero denominators (docs/rules.md#zero-denominators): "全员注册" over an empty group
    # holds; nobody fails it.
    status, conditions, earned = criterion_22(
        staff=40, registered_volunteers=30, party_members=0, party_member_volunteers=0,
        volunteers_served=30,
    )  # fmt: skip
    assert (status, conditions, earned) == (ConditionStatus.HELD, ["held"] * 3, D(2))
    breakdown = score(YIYANG, {}, statistics=OrganizationStatistics(
        staff=40, registered_volunteers=30, party_members=0, party_member_volunteers=0,
        volunteers_served=30,
    ))  # fmt: skip
    (result,) = [t for t in breakdown.thresholds if t.criterion == 22]
    party = result.conditions[1]
    assert (party.value, party.reason, party.all_required) == (D(1), "group_empty", True)


def test_no_staff_makes_criterion_22_not_computable() -> None:
    status, conditions, earned = criterion_22(
        staff=0, registered_volunteers=0, party_members=5, party_member_volunteers=5
    )
    assert (status, earned) == (ConditionStatus.NOT_COMPUTABLE, D(0))
    assert conditions == ["not_computable", "held", "not_computable"]


@pytest.mark.parametrize(
    ("participation", "satisfaction", "support", "earned"),
    [
        (95, 90, 90, D(2)),
        (94, 90, 90, D(0)),
        (95, 89, 90, D(0)),
        (95, 90, 89, D(0)),
        (100, 100, 100, D(2)),
    ],
)
def test_criterion_38_needs_95_90_90(
    participation: int, satisfaction: int, support: int, earned: Decimal
) -> None:
    questionnaires = {
        "staff_participation": QuestionnaireResult(participation, 100),
        "staff_satisfaction": QuestionnaireResult(satisfaction, 100),
        "staff_support": QuestionnaireResult(support, 100),
    }
    breakdown = score(YIYANG, {}, questionnaires=questionnaires)
    assert breakdown.criterion_values[37] == earned
    assert breakdown.total == earned


def test_positive_answers_above_respondents_are_refused() -> None:
    with pytest.raises(ScoringError) as error:
        score(YIYANG, {}, questionnaires={"staff_support": QuestionnaireResult(11, 10)})
    assert error.value.code == "questionnaire_positive_above_respondents"


# --- bonuses ----------------------------------------------------------------------------


def test_three_municipal_honors_add_exactly_0_6() -> None:
    claim = BonusClaim("honor_titles", "municipal", date(2021, 5, 1))
    assert honors(claim, claim, claim) == (D("0.6"), D("0.6"))


def test_honor_titles_are_capped_at_10() -> None:
    claims = [BonusClaim("honor_titles", "national", date(2020, 6, 1))] * 6
    assert honors(*claims) == (D(12), D(10))


def test_honor_titles_count_only_inside_the_window_by_document_date() -> None:
    dates = [date(2019, 12, 31), date(2020, 1, 1), date(2021, 12, 31), date(2022, 1, 1)]
    claims = [BonusClaim("honor_titles", "provincial", d) for d in dates]
    bonus = score(YIYANG, {}, bonus_claims=claims).bonuses[0]
    assert [c.reason for c in bonus.claims] == ["outside_window", "", "", "outside_window"]
    assert bonus.value == D(2)


def test_the_same_experience_counts_once_at_its_highest() -> None:
    claims = [
        BonusClaim("experience_promoted", "provincial", date(2021, 3, 1), "volunteers"),
        BonusClaim("experience_promoted", "national", date(2021, 4, 1), "volunteers"),
        BonusClaim("experience_promoted", "provincial", date(2021, 5, 1), "reading"),
    ]
    bonus = score(YIYANG, {}, bonus_claims=claims).bonuses[1]
    assert [(c.counted, c.reason) for c in bonus.claims] == [
        (False, "same_content"),
        (True, ""),
        (True, ""),
    ]
    assert bonus.value == D(5)


def test_bonuses_add_to_the_criteria() -> None:
    claims = [BonusClaim("honor_titles", "national", date(2020, 6, 1))]
    breakdown = score(YIYANG, full_marks(), bonus_claims=claims)
    assert (breakdown.criteria_total, breakdown.bonus_total, breakdown.total) == (
        D(94),
        D(2),
        D(96),
    )


def test_claim_at_an_unknown_level_is_refused() -> None:
    with pytest.raises(ScoringError) as error:
        score(YIYANG, {}, bonus_claims=[BonusClaim("honor_titles", "county", date(2020, 6, 1))])
    assert error.value.params == {"bonus": "honor_titles", "level": "county"}


# --- deductions and the negative list ---------------------------------------------------


def small_framework() -> Framework:
    criterion = Criterion(1, "", D(10), (Clause("1.1", "", D(10)),))
    return Framework(
        code="small",
        name="small",
        issuing_body="",
        category=Category.UNIT,
        level=Level.MUNICIPAL,
        edition="",
        version=1,
        items=(Item(1, "a", D(10), (criterion,)),),
        deductions=(Deduction("late_report", "", D(1), cap=D(3)),),
        negative_list=(NegativeEntry("serious_accident", ""),),
    )


def test_deductions_are_subtracted_up_to_their_cap() -> None:
    breakdown = score(small_framework(), {"1.1": (D(8),)}, deductions={"late_report": 5})
    assert (breakdown.deduction_total, breakdown.total) == (D(3), D(5))
    assert breakdown.deductions[0].before_cap == D(5)


def test_negative_list_finding_disqualifies_whatever_the_score() -> None:
    breakdown = score(small_framework(), {"1.1": (D(10),)}, negative_findings=["serious_accident"])
    assert (breakdown.total, breakdown.disqualified) == (D(10), True)
    assert breakdown.negative_findings == ("serious_accident",)


def test_unknown_negative_finding_is_refused() -> None:
    with pytest.raises(ScoringError) as error:
        score(small_framework(), {}, negative_findings=["gossip"])
    assert error.value.code == "negative_unknown"


# --- composite frameworks ---------------------------------------------------------------


def liaocheng(events: dict[str, int]) -> tuple[Decimal, Decimal | None]:
    inputs = {
        "common_criteria": D(85),
        "community_assistance": {"ledger_review": D(90), "community_rating": D(80)},
        "crossing_duty": events,
    }
    duty = score_composite(LIAOCHENG, inputs).components[2]
    return duty.score, duty.unbounded


def test_liaocheng_weighs_criteria_assistance_and_duty_40_30_30() -> None:
    inputs = {
        "common_criteria": D(85),
        "community_assistance": {"ledger_review": D(90), "community_rating": D(80)},
        "crossing_duty": {"absent": 2, "late_or_early": 1},
    }
    result = score_composite(LIAOCHENG, inputs)
    assert [c.score for c in result.components] == [D(85), D(85), D(87)]
    assert result.total == D("85.6")


def test_roster_floors_at_0_after_many_absences() -> None:
    assert liaocheng({"absent": 25}) == (D(0), D(-25))


def test_roster_caps_at_100_after_many_conscientious_days() -> None:
    assert liaocheng({"conscientious": 10}) == (D(100), D(120))


def test_roster_counts_each_kind_of_event() -> None:
    events = {"absent": 1, "late_or_early": 1, "not_conscientious": 1, "conscientious": 1}
    assert liaocheng(events) == (D(92), D(92))


@pytest.mark.parametrize(
    ("environment", "creation", "grade"),
    [
        (D(90), D(90), "excellent"),
        (D("89.98"), D(90), "good"),
        (D(80), D(80), "good"),
        (D("79.98"), D(80), "pass"),
        (D(60), D(60), "pass"),
        (D("59.98"), D(60), "fail"),
    ],
)
def test_mentougou_grades_at_90_80_60(environment: Decimal, creation: Decimal, grade: str) -> None:
    result = score_composite(
        MENTOUGOU, {"living_environment": environment, "creation_work": creation}
    )
    assert result.grade == grade
    assert result.total == (environment + creation) / 2


def test_framework_component_takes_a_breakdown_scaled_to_100() -> None:
    breakdown = score(small_framework(), {"1.1": (D("8.5"),)})
    inputs = {
        "common_criteria": breakdown,
        "community_assistance": {"ledger_review": D(100), "community_rating": D(100)},
        "crossing_duty": {},
    }
    result = score_composite(LIAOCHENG, inputs)
    assert result.components[0].score == D(85)
    assert result.total == D(94)


def test_missing_component_is_refused() -> None:
    with pytest.raises(ScoringError) as error:
        score_composite(MENTOUGOU, {"living_environment": D(90)})
    assert error.value.params == {"component": "creation_work"}


def test_component_score_above_100_is_refused() -> None:
    with pytest.raises(ScoringError) as error:
        score_composite(MENTOUGOU, {"living_environment": D(101), "creation_work": D(90)})
    assert error.value.code == "component_score_out_of_range"


# --- properties -------------------------------------------------------------------------


def admissible(points: Decimal) -> list[Decimal]:
    return [D(k) / 2 for k in range(int(points * 2) + 1)]


@st.composite
def applications(draw: st.DrawFn) -> dict:
    marks = {}
    for clause in draw(st.lists(st.sampled_from(MARKED), unique=True)):
        marks[clause.key] = tuple(
            draw(st.lists(st.sampled_from(admissible(clause.points)), min_size=1, max_size=6))
        )
    claims = draw(
        st.lists(
            st.one_of(
                st.builds(
                    BonusClaim,
                    st.just("honor_titles"),
                    st.sampled_from(["national", "provincial", "ministerial", "municipal"]),
                    st.dates(date(2019, 6, 1), date(2022, 6, 1)),
                ),
                st.builds(
                    BonusClaim,
                    st.just("experience_promoted"),
                    st.sampled_from(["national", "provincial"]),
                    st.dates(date(2019, 6, 1), date(2022, 6, 1)),
                    st.sampled_from(["a", "b", "c", "d", "e"]),
                ),
            ),
            max_size=40,
        )
    )
    counts = st.integers(min_value=0, max_value=60)
    statistics = draw(st.builds(OrganizationStatistics, counts, counts, counts, counts, counts))
    return {"marks": marks, "bonus_claims": claims, "statistics": statistics}


AGGREGATIONS = st.sampled_from(list(Aggregation))


@settings(max_examples=200, deadline=None)
@given(applications(), AGGREGATIONS)
def test_total_never_exceeds_maximum_plus_bonus_caps(app: dict, aggregation: Aggregation) -> None:
    breakdown = score(YIYANG, aggregation=aggregation, **app)
    assert D(0) <= breakdown.total <= YIYANG.maximum + YIYANG.bonus_caps


@settings(max_examples=200, deadline=None)
@given(applications(), AGGREGATIONS)
def test_breakdown_always_sums_to_the_total(app: dict, aggregation: Aggregation) -> None:
    breakdown = score(YIYANG, aggregation=aggregation, **app)
    items = breakdown.items
    for item in items:
        assert item.value == sum((c.value for c in item.criteria), D(0)) <= item.points
        for criterion in item.criteria:
            assert criterion.value == sum((c.value for c in criterion.clauses), D(0))
            assert criterion.value <= criterion.points
    assert breakdown.total == (
        sum((i.value for i in items), D(0))
        + sum((b.value for b in breakdown.bonuses), D(0))
        - breakdown.deduction_total
    )


@settings(max_examples=200, deadline=None)
@given(applications())
def test_capped_bonuses_never_exceed_their_cap(app: dict) -> None:
    for bonus in score(YIYANG, **app).bonuses:
        assert bonus.value == min(bonus.before_cap, bonus.cap)


@settings(max_examples=200, deadline=None)
@given(applications(), AGGREGATIONS, st.data())
def test_raising_one_mark_never_lowers_the_total(
    app: dict, aggregation: Aggregation, data: st.DataObject
) -> None:
    before = score(YIYANG, aggregation=aggregation, **app).total
    marks = dict(app["marks"])
    clause = data.draw(st.sampled_from(MARKED))
    current = list(marks.get(clause.key, (D(0),)))
    position = data.draw(st.integers(0, len(current) - 1))
    current[position] = data.draw(
        st.sampled_from([m for m in admissible(clause.points) if m >= current[position]])
    )
    marks[clause.key] = tuple(current)
    after = score(YIYANG, aggregation=aggregation, **{**app, "marks": marks}).total
    assert after >= before


def test_scorer_reuses_its_memo_without_changing_results() -> None:
    scorer = Scorer(YIYANG)
    marks = {"2.1": (D(2), D("1.5"), D(1))}
    assert scorer.score(marks).total == scorer.score(dict(marks)).total == D("1.5")
