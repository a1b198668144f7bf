"""Periodic reviews: roster and composite at their bounds, classes, ranking, the Mentougou
league table and reward split, supervision item moves and dates."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from wenming.domain.framework_data import load_composite
from wenming.domain.review import (
    ItemAction,
    ItemClass,
    ItemState,
    LeagueRules,
    ReviewClass,
    ReviewError,
    RewardRule,
    Scored,
    classify,
    escalation_due,
    is_overdue,
    item_move,
    league_table,
    rank,
    rank_by_class,
    rectification_deadline,
    reminder_due,
    self_assessment_due,
    self_assessment_period,
    self_assessment_total,
    split_fund,
)
from wenming.domain.scoring import score_composite
from wenming.domain.titles import Level

D = Decimal
DATA = Path(__file__).parents[2] / "src/wenming/frameworks/data"
LIAOCHENG = load_composite(yaml.safe_load((DATA / "liaocheng-midyear-2018.yaml").read_text()))
MENTOUGOU = load_composite(yaml.safe_load((DATA / "mentougou-monthly-2020.yaml").read_text()))


def liaocheng(common: str, ledger: str, rating: str, events: dict[str, int]) -> Decimal:
    inputs = {
        "common_criteria": D(common),
        "community_assistance": {"ledger_review": D(ledger), "community_rating": D(rating)},
        "crossing_duty": events,
    }
    return score_composite(LIAOCHENG, inputs).total


@pytest.mark.parametrize(
    ("events", "total"),
    [
        ({}, D(100)),  # a clean roster starts and stays at 100
        ({"conscientious": 1}, D(100)),  # 102 is capped at 100
        ({"absent": 20}, D(70)),  # exactly 0: the roster adds nothing
        ({"absent": 21}, D(70)),  # -5 is floored at 0
        ({"absent": 1}, D("98.5")),  # 95 × 0.3 + 70
        ({"late_or_early": 1, "not_conscientious": 1, "conscientious": 1}, D("99.1")),
    ],
)
def test_roster_score_is_bounded_to_0_and_100(events: dict[str, int], total: Decimal) -> None:
    assert liaocheng("100", "100", "100", events) == total


def test_composite_total_is_0_at_the_bottom_and_100_at_the_top() -> None:
    assert liaocheng("0", "0", "0", {"absent": 30}) == D(0)
    assert liaocheng("100", "100", "100", {"conscientious": 5}) == D(100)


def test_community_assistance_is_half_ledger_half_community_rating() -> None:
    # 40% × 80 + 30% × (90 + 70) / 2 + 30% × 100
    assert liaocheng("80", "90", "70", {}) == D(86)


@pytest.mark.parametrize(
    ("held", "applying", "expected"),
    [
        (Level.NATIONAL, None, ReviewClass.EXISTING_NATIONAL),
        (Level.PROVINCIAL, Level.NATIONAL, ReviewClass.NEW_NATIONAL),
        (Level.PROVINCIAL, None, ReviewClass.PROVINCIAL),
        (Level.MUNICIPAL, Level.PROVINCIAL, ReviewClass.NEW_PROVINCIAL),
        (Level.MUNICIPAL, Level.NATIONAL, ReviewClass.NEW_NATIONAL),
        (Level.MUNICIPAL, None, ReviewClass.MUNICIPAL),
    ],
)
def test_liaocheng_five_classes(held: Level, applying: Level | None, expected: ReviewClass) -> None:
    assert classify(held, applying) is expected


def test_an_untitled_unit_or_an_application_not_higher_has_no_class() -> None:
    with pytest.raises(ReviewError) as error:
        classify(None)
    assert error.value.code == "not_titled"
    with pytest.raises(ReviewError) as error:
        classify(Level.PROVINCIAL, Level.PROVINCIAL)
    assert error.value.code == "applying_not_higher"


def test_equal_totals_share_a_rank_and_the_next_rank_is_skipped() -> None:
    entries = [Scored(1, "b", D(90)), Scored(2, "a", D(90)), Scored(3, "c", D(95))]
    assert [(r.rank, r.entry.key) for r in rank(entries)] == [(1, 3), (2, 2), (2, 1)]


def test_rank_by_class_ranks_each_class_apart_in_bulletin_order() -> None:
    entries = [
        Scored(1, "m1", D(99), review_class="municipal"),
        Scored(2, "n1", D(80), review_class="existing_national"),
        Scored(3, "m2", D(90), review_class="municipal"),
    ]
    result = rank_by_class(entries)
    assert [cls for cls, _rows in result] == list(ReviewClass)
    assert [(r.rank, r.entry.key) for r in result[0][1]] == [(1, 2)]
    assert [(r.rank, r.entry.key) for r in result[4][1]] == [(1, 1), (2, 3)]


def mentougou_month(totals: list[Decimal]) -> list[Scored]:
    """Villages scored by both inspecting bodies (the same mark, so total = mark)."""
    result = []
    for i, mark in enumerate(totals, start=1):
        breakdown = score_composite(MENTOUGOU, {"living_environment": mark, "creation_work": mark})
        result.append(Scored(i, f"village {i:02d}", breakdown.total, breakdown.grade))
    return result


TWENTY_FIVE = [D(98 - 2 * i) for i in range(25)]  # 98, 96, …, 50


def test_mentougou_month_of_25_villages_grades_and_rewards() -> None:
    rows = league_table(mentougou_month(TWENTY_FIVE), LeagueRules())
    grades = [row.entry.grade for row in rows]
    assert grades == ["excellent"] * 5 + ["good"] * 5 + ["pass"] * 10 + ["fail"] * 5
    # Bottom 20 of 25 lose the reward: only the top five are rewarded.
    assert [row.rank for row in rows if row.rewarded] == [1, 2, 3, 4, 5]
    assert [row.rank for row in rows if row.second_reward] == [1, 2, 3]
    assert [row.rank for row in rows if row.talk] == list(range(6, 26))


def test_mentougou_fail_loses_the_reward_even_outside_the_bottom_n() -> None:
    rows = league_table(mentougou_month(TWENTY_FIVE), LeagueRules(bottom_n=3))
    assert [row.rank for row in rows if row.rewarded] == list(range(1, 21))
    assert all(not row.rewarded for row in rows if row.entry.grade == "fail")


def test_a_tie_across_the_bottom_line_keeps_the_better_rank() -> None:
    entries = mentougou_month([D(95), D(85), D(85), D(70)])
    rows = league_table(entries, LeagueRules(bottom_n=2, top_n=1))
    assert [(row.rank, row.rewarded) for row in rows] == [
        (1, True),
        (2, True),
        (2, True),
        (4, False),
    ]


def test_fund_split_equal_shares_plus_a_second_reward_for_the_top() -> None:
    rows = league_table(mentougou_month(TWENTY_FIVE), LeagueRules())
    shares = split_fund(D(1000), rows, RewardRule(top_share=D("0.3")))
    assert [(s.reward, s.second_reward) for s in shares] == [
        (D(140), D(100)),
        (D(140), D(100)),
        (D(140), D(100)),
        (D(140), D(0)),
        (D(140), D(0)),
    ]
    assert sum(s.total for s in shares) == D(1000)


def test_fund_split_leftover_fen_go_to_the_best_ranked_and_grade_weights_apply() -> None:
    rows = league_table(mentougou_month([D(95), D(85), D(75)]), LeagueRules(bottom_n=0))
    shares = split_fund(D(100), rows, RewardRule())
    assert [s.reward for s in shares] == [D("33.34"), D("33.33"), D("33.33")]
    weighted = split_fund(D(100), rows, RewardRule(grade_weights={"excellent": D(2)}))
    assert [s.reward for s in weighted] == [D(50), D(25), D(25)]


def test_no_rewarded_unit_pays_nothing() -> None:
    rows = league_table(mentougou_month([D(50)]), LeagueRules(bottom_n=0))
    assert split_fund(D(100), rows, RewardRule(top_share=D("0.5"))) == ()


def test_an_item_cannot_close_without_a_result() -> None:
    with pytest.raises(ReviewError) as error:
        item_move(ItemState.FEEDBACK, ItemAction.CLOSE, result="  ")
    assert error.value.code == "close_without_result"
    assert item_move(ItemState.FEEDBACK, ItemAction.CLOSE, result="fixed") is ItemState.CLOSED


def test_an_item_goes_opened_reminded_feedback_closed_and_no_shortcut() -> None:
    state = item_move(ItemState.OPENED, ItemAction.REMIND)
    state = item_move(state, ItemAction.FEEDBACK)
    assert item_move(state, ItemAction.CLOSE, result="done") is ItemState.CLOSED
    with pytest.raises(ReviewError):
        item_move(ItemState.OPENED, ItemAction.CLOSE, result="done")
    with pytest.raises(ReviewError):
        item_move(ItemState.CLOSED, ItemAction.REMIND)


def test_overdue_reminder_and_escalation_dates() -> None:
    deadline = date(2026, 7, 10)
    assert not is_overdue(deadline, date(2026, 7, 10), ItemState.OPENED)
    assert is_overdue(deadline, date(2026, 7, 11), ItemState.REMINDED)
    assert not is_overdue(deadline, date(2026, 8, 1), ItemState.CLOSED)
    assert not reminder_due(deadline, date(2026, 7, 7), ItemState.OPENED, 2)
    assert reminder_due(deadline, date(2026, 7, 8), ItemState.OPENED, 2)
    assert escalation_due(ItemClass.PERSISTENT, deadline, date(2026, 7, 11), ItemState.OPENED)
    assert not escalation_due(ItemClass.BIG, deadline, date(2026, 7, 11), ItemState.OPENED)


def test_rectification_is_due_10_days_after_the_bulletin() -> None:
    assert rectification_deadline(date(2018, 8, 20), 10) == date(2018, 8, 30)


def test_self_assessment_is_due_end_of_june_and_end_of_december() -> None:
    assert self_assessment_due(2026, 1) == date(2026, 6, 30)
    assert self_assessment_due(2026, 2) == date(2026, 12, 31)
    assert self_assessment_period(date(2026, 6, 30)) == (2026, 1)
    assert self_assessment_period(date(2026, 7, 1)) == (2026, 2)
    assert self_assessment_total({1: D(10), 2: D(6)}, {1: D(9), 2: D("5.5")}) == D("14.5")
    with pytest.raises(ReviewError):
        self_assessment_total({1: D(10)}, {1: D(11)})
