"""The committee's work rules as pure date and count rules (docs/rules.md#work-rules)."""

from datetime import date
from decimal import Decimal

import pytest

from wenming.domain.workrules import (
    MeetingKind,
    Problem,
    Rank,
    ReportFact,
    SuccessorStatus,
    UnitFigures,
    adoption_figures,
    meeting_problems,
    papers_due_by,
    period_bounds,
    rank_suffices,
    schedule_gaps,
    successor_due,
    successor_status,
)

HELD = date(2026, 3, 20)


def test_papers_are_due_two_days_before_the_meeting():
    assert papers_due_by(HELD) == date(2026, 3, 18)


def test_a_meeting_one_day_ahead_cannot_get_its_papers_to_the_members():
    problems = meeting_problems(held_on=HELD, today=date(2026, 3, 19), circulated_on=None)
    assert problems == [
        Problem("papers_cannot_reach", {"held_on": HELD, "due_by": date(2026, 3, 18), "days": 2})
    ]


@pytest.mark.parametrize("today", [date(2026, 3, 1), date(2026, 3, 18)])
def test_two_days_or_more_ahead_leaves_time_for_the_papers(today):
    assert meeting_problems(held_on=HELD, today=today, circulated_on=None) == []


def test_a_meeting_already_held_is_not_warned_of():
    assert meeting_problems(held_on=HELD, today=date(2026, 3, 21), circulated_on=None) == []


def test_papers_circulated_after_the_last_day_are_late():
    problems = meeting_problems(held_on=HELD, today=HELD, circulated_on=date(2026, 3, 19))
    assert [p.code for p in problems] == ["papers_circulated_late"]
    on_time = meeting_problems(held_on=HELD, today=HELD, circulated_on=date(2026, 3, 18))
    assert on_time == []


def test_a_year_without_meetings_misses_q1_q4_and_both_joint_meetings():
    gaps = schedule_gaps(2026, [], today=date(2026, 5, 1))
    assert [(p.code, p.params) for p in gaps] == [
        ("no_regular_meeting", {"year": 2026, "quarter": 1, "missed": True}),
        ("no_regular_meeting", {"year": 2026, "quarter": 4, "missed": False}),
        ("no_joint_meeting", {"year": 2026, "half": 1, "missed": False}),
        ("no_joint_meeting", {"year": 2026, "half": 2, "missed": False}),
    ]


def test_an_extra_meeting_does_not_stand_for_the_regular_one():
    meetings = [
        (MeetingKind.EXTRA, date(2026, 2, 1)),
        (MeetingKind.REGULAR, date(2026, 11, 5)),
        (MeetingKind.REGULAR, date(2025, 2, 1)),  # another year
        (MeetingKind.JOINT, date(2026, 6, 30)),
        (MeetingKind.JOINT, date(2026, 7, 1)),
    ]
    gaps = schedule_gaps(2026, meetings, today=date(2026, 12, 31))
    assert [(p.code, p.params.get("quarter")) for p in gaps] == [("no_regular_meeting", 1)]


@pytest.mark.parametrize(
    ("rank", "enough"),
    [
        (Rank.CLERK, False),
        (Rank.DEPUTY_SECTION, False),
        (Rank.SECTION, True),
        (Rank.DEPUTY_DIVISION, True),
        (Rank.BUREAU, True),
    ],
)
def test_liaison_officers_are_section_chiefs_or_above(rank, enough):
    assert rank_suffices(rank) is enough


LEFT = date(2026, 4, 10)


def test_a_successor_is_due_a_week_after_the_officer_left():
    assert successor_due(LEFT) == date(2026, 4, 17)


@pytest.mark.parametrize(
    ("named_on", "today", "status"),
    [
        (date(2026, 4, 17), date(2026, 5, 1), SuccessorStatus.NAMED),
        (date(2026, 4, 18), date(2026, 5, 1), SuccessorStatus.NAMED_LATE),
        (None, date(2026, 4, 17), SuccessorStatus.WAITING),
        (None, date(2026, 4, 18), SuccessorStatus.OVERDUE),
    ],
)
def test_successor_status_by_the_week(named_on, today, status):
    assert successor_status(LEFT, named_on, today) is status


def test_quarter_bounds():
    assert period_bounds(2026, 1) == (date(2026, 1, 1), date(2026, 3, 31))
    assert period_bounds(2026, 4) == (date(2026, 10, 1), date(2026, 12, 31))
    assert period_bounds(2026) == (date(2026, 1, 1), date(2026, 12, 31))


def test_adoption_figures_per_unit_and_quarter_by_hand():
    facts = [
        ReportFact(1, date(2026, 1, 5), True, in_briefing=True),
        ReportFact(1, date(2026, 2, 10), False),
        ReportFact(1, date(2026, 3, 31), True, reported_up=True),
        ReportFact(1, date(2026, 4, 1), True),  # second quarter
        ReportFact(2, date(2026, 3, 1), None),
        ReportFact(2, date(2026, 3, 2), False),
        ReportFact(2, date(2025, 3, 2), True),  # another year
    ]
    q1 = adoption_figures(facts, 2026, 1, units=[1, 2, 3])
    assert q1 == {
        1: UnitFigures(1, submitted=3, adopted=2, not_adopted=1, in_briefing=1, reported_up=1),
        2: UnitFigures(2, submitted=2, not_adopted=1, pending=1),
        3: UnitFigures(3),
    }
    assert (q1[1].rate, q1[2].rate, q1[3].rate) == (Decimal("66.7"), Decimal("0.0"), None)
    year = adoption_figures(facts, 2026, units=[1])
    assert (year[1].submitted, year[1].adopted, year[1].rate) == (4, 3, Decimal("75.0"))
