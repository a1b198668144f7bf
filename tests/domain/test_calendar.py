"""The official working-day calendar that times publicity (docs/rules.md#publicity)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wenming.domain.calendar import (
    CalendarError,
    CalendarYearMissing,
    HolidayYear,
    WorkdayCalendar,
)

CALENDAR = WorkdayCalendar()


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# A made-up 2031 as the office might enter it: the package bundles no data for 2031.
HYPOTHETICAL_2031 = HolidayYear(
    year=2031,
    days_off=frozenset([date(2031, 1, 1), *_days(date(2031, 10, 1), date(2031, 10, 7))]),
    makeup_workdays=frozenset([date(2031, 9, 28), date(2031, 10, 11)]),
    document_number="TEST-2031-1",
)


def test_national_day_2025_is_off_from_october_1_to_8() -> None:
    assert [CALENDAR.is_workday(d) for d in _days(date(2025, 10, 1), date(2025, 10, 8))] == [
        False
    ] * 8
    assert CALENDAR.is_workday(date(2025, 10, 9))


def test_national_day_2025_makeup_weekend_days_are_working_days() -> None:
    assert date(2025, 9, 28).weekday() == 6  # a Sunday
    assert date(2025, 10, 11).weekday() == 5  # a Saturday
    assert CALENDAR.is_workday(date(2025, 9, 28))
    assert CALENDAR.is_workday(date(2025, 10, 11))
    assert not CALENDAR.is_workday(date(2025, 9, 27))  # the Saturday before stays off
    assert not CALENDAR.is_workday(date(2025, 10, 12))


def test_makeup_saturday_counts_as_a_working_day() -> None:
    # Thursday 9, Friday 10 and make-up Saturday 11 October 2025; Sunday 12 is off.
    assert CALENDAR.workdays_between(date(2025, 10, 9), date(2025, 10, 12)) == 3


def test_spring_festival_2026_is_off_from_february_15_to_23() -> None:
    off = _days(date(2026, 2, 15), date(2026, 2, 23))
    assert [CALENDAR.is_workday(d) for d in off] == [False] * 9
    assert CALENDAR.is_workday(date(2026, 2, 14))  # make-up Saturday
    assert CALENDAR.is_workday(date(2026, 2, 28))  # make-up Saturday
    assert CALENDAR.is_workday(date(2026, 2, 24))


def test_publicity_from_friday_before_national_day_2025_ends_october_9() -> None:
    # Fri 26 Sep (1), Sun 28 make-up (2), Mon 29 (3), Tue 30 (4), holiday, Thu 9 Oct (5).
    assert CALENDAR.add_workdays(date(2025, 9, 26), 5) == date(2025, 10, 9)


def test_publicity_published_on_a_holiday_starts_on_next_working_day() -> None:
    # Day one is Thu 9 Oct; then Fri 10, make-up Sat 11, Mon 13, Tue 14.
    assert CALENDAR.add_workdays(date(2025, 10, 3), 5) == date(2025, 10, 14)
    assert CALENDAR.first_workday_on_or_after(date(2025, 10, 3)) == date(2025, 10, 9)


def test_publicity_from_friday_before_spring_festival_2026_ends_february_26() -> None:
    # Fri 13 (1), make-up Sat 14 (2), holiday 15-23, Tue 24 (3), Wed 25 (4), Thu 26 (5).
    assert CALENDAR.add_workdays(date(2026, 2, 13), 5) == date(2026, 2, 26)


def test_publicity_of_one_day_published_on_a_working_day_ends_that_day() -> None:
    assert CALENDAR.add_workdays(date(2025, 9, 30), 1) == date(2025, 9, 30)


def test_year_without_data_raises_calendar_year_missing_naming_it() -> None:
    with pytest.raises(CalendarYearMissing) as error:
        CALENDAR.is_workday(date(2031, 3, 3))
    assert error.value.year == 2031
    assert error.value.params == {"year": 2031}
    assert isinstance(error.value, ValueError)


def test_publicity_running_into_a_missing_year_raises_instead_of_guessing() -> None:
    calendar = WorkdayCalendar(
        entered_years=[
            HolidayYear(2030, frozenset(), frozenset(), document_number="TEST-2030"),
        ]
    )
    assert calendar.add_workdays(date(2030, 12, 24), 5) == date(2030, 12, 30)
    with pytest.raises(CalendarYearMissing) as error:
        calendar.add_workdays(date(2030, 12, 30), 5)
    assert error.value.year == 2031


def test_entered_2031_year_is_used() -> None:
    calendar = WorkdayCalendar(entered_years=[HYPOTHETICAL_2031])
    assert not calendar.is_workday(date(2031, 1, 1))
    assert calendar.is_workday(date(2031, 9, 28))  # a make-up Sunday
    # Fri 26 Sep (1), Sun 28 (2), Mon 29 (3), Tue 30 (4), holiday 1-7 Oct, Wed 8 Oct (5).
    assert calendar.add_workdays(date(2031, 9, 26), 5) == date(2031, 10, 8)
    assert calendar.workdays_between(date(2031, 10, 1), date(2031, 10, 12)) == 4


def test_entered_year_overrides_the_bundled_data() -> None:
    corrected = HolidayYear(2025, frozenset(), frozenset(), document_number="TEST-2025")
    calendar = WorkdayCalendar(entered_years=[corrected])
    assert calendar.is_workday(date(2025, 10, 1))
    assert not calendar.is_workday(date(2025, 9, 28))
    assert not CALENDAR.is_workday(date(2025, 10, 1))  # other calendars are untouched


@pytest.mark.parametrize(
    ("days_off", "makeup", "document", "code"),
    [
        ({date(2032, 1, 1)}, set(), "No. 1", "date_outside_year"),
        ({date(2031, 9, 28)}, {date(2031, 9, 28)}, "No. 1", "day_off_and_workday"),
        (set(), {date(2031, 9, 29)}, "No. 1", "makeup_workday_not_weekend"),
        (set(), set(), "  ", "document_number_missing"),
    ],
)
def test_invalid_holiday_year_is_refused(
    days_off: set[date], makeup: set[date], document: str, code: str
) -> None:
    with pytest.raises(CalendarError) as error:
        HolidayYear(2031, frozenset(days_off), frozenset(makeup), document_number=document)
    assert error.value.code == code


def test_year_entered_twice_is_refused() -> None:
    with pytest.raises(CalendarError) as error:
        WorkdayCalendar(entered_years=[HYPOTHETICAL_2031, HYPOTHETICAL_2031])
    assert error.value.params == {"year": 2031}


def test_publicity_of_zero_days_is_refused() -> None:
    with pytest.raises(CalendarError) as error:
        CALENDAR.add_workdays(date(2025, 9, 26), 0)
    assert error.value.code == "workday_count_not_positive"


def test_datetime_is_refused() -> None:
    with pytest.raises(CalendarError) as error:
        CALENDAR.is_workday(datetime(2025, 10, 9, 12, 0, tzinfo=UTC))
    assert error.value.code == "not_a_date"


def test_workdays_between_end_before_start_is_zero() -> None:
    assert CALENDAR.workdays_between(date(2025, 10, 9), date(2025, 10, 8)) == 0


@given(
    st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 9, 30)),
    st.integers(min_value=1, max_value=40),
)
def test_publicity_end_is_the_nth_working_day(start: date, n: int) -> None:
    end = CALENDAR.add_workdays(start, n)
    assert CALENDAR.is_workday(end)
    assert CALENDAR.workdays_between(start, end) == n
