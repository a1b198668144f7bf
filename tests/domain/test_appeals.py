"""When an appeal is taken (docs/rules.md#appeals), the screening gate's condition on
open appeals, and its notice while the appeal window runs."""

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from wenming.domain.appeals import AppealFacts, Refusal, last_day, refusal
from wenming.domain.calendar import WorkdayCalendar
from wenming.domain.stage_gates import (
    StageFacts,
    StageKind,
    stage_conditions,
    stage_notices,
    unmet,
)

CALENDAR = WorkdayCalendar()
FREEZE_DAYS = st.dates(min_value=date(2010, 1, 1), max_value=date(2026, 10, 31))


def test_frozen_on_tuesday_1_december_2026_five_working_days_end_on_tuesday_8() -> None:
    assert last_day(date(2026, 12, 1), 5, CALENDAR) == date(2026, 12, 8)


def test_the_national_day_holiday_does_not_count() -> None:
    # Frozen on 30 September 2025: 1–8 October are off, the count starts on 9 October
    # (a Thursday); 11 October is a make-up working Saturday.
    assert last_day(date(2025, 9, 30), 3, CALENDAR) == date(2025, 10, 11)


@given(FREEZE_DAYS, st.integers(min_value=1, max_value=30))
def test_the_window_holds_exactly_n_working_days_after_the_freeze_day(frozen, n) -> None:
    end = last_day(frozen, n, CALENDAR)
    assert end > frozen
    assert CALENDAR.is_workday(end)
    assert CALENDAR.workdays_between(frozen + timedelta(days=1), end) == n


@given(FREEZE_DAYS, st.integers(min_value=1, max_value=29))
def test_a_longer_window_never_ends_earlier(frozen, n) -> None:
    assert last_day(frozen, n, CALENDAR) < last_day(frozen, n + 1, CALENDAR)


def _facts(**changes) -> AppealFacts:
    values = {
        "today": date(2026, 12, 8),
        "last_day": date(2026, 12, 8),
        "screening_closed": False,
        "already_lodged": False,
        "ranked": True,
    }
    return AppealFacts(**(values | changes))


def test_taken_on_the_last_day_refused_the_day_after() -> None:
    assert refusal(_facts()) is None
    assert refusal(_facts(today=date(2026, 12, 9))) is Refusal.WINDOW_CLOSED


def test_refused_before_the_freeze_after_screening_and_a_second_time() -> None:
    assert refusal(_facts(last_day=None)) is Refusal.NOT_FROZEN
    assert refusal(_facts(screening_closed=True)) is Refusal.SCREENING_CLOSED
    assert refusal(_facts(already_lodged=True)) is Refusal.ALREADY_LODGED
    assert refusal(_facts(ranked=False)) is Refusal.NOT_RANKED


def _screening(**changes) -> dict[str, tuple[bool, dict]]:
    now = datetime(2026, 12, 2, tzinfo=UTC)
    facts = StageFacts(
        kind=StageKind.SCREENING, now=now, closes_at=now, screening_sent=True, **changes
    )
    return {c.code: (c.met, c.params) for c in stage_conditions(facts)}


def test_screening_waits_for_every_open_appeal_and_names_them() -> None:
    met, params = _screening(open_appeals=("清源区政务服务中心",))["appeals_answered"]
    assert (met, params["names"], params["count"]) == (False, "清源区政务服务中心", 1)
    assert _screening()["appeals_answered"] == (True, {"count": 0, "names": "", "more": 0})


@given(st.sampled_from(StageKind), st.none() | st.dates())
def test_a_running_window_is_a_notice_on_screening_only_and_never_blocks(kind, until) -> None:
    now = datetime(2026, 12, 2, tzinfo=UTC)
    facts = StageFacts(kind=kind, now=now, closes_at=now, appeal_window_until=until)
    notices = stage_notices(facts)
    if kind is StageKind.SCREENING and until is not None:
        assert [(c.code, c.params) for c in notices] == [("appeal_window_running", {"day": until})]
    else:
        assert notices == ()
    assert all(c.code != "appeal_window_running" for c in unmet(facts))
