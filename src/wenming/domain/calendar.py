"""The official working-day calendar used to time publicity (docs/rules.md#publicity).

Working days come from the State Council holiday notices: weekends and public holidays
are off, make-up working days (weekend days worked in exchange for a longer holiday) are
on. The years the bundled ``chinesecalendar`` package knows come from it; any other year
must be entered by the office from that year's notice (a ``HolidayYear``). An entered year
replaces the package's data for that year, so the office can also correct it. A date in a
year nobody has provided raises ``CalendarYearMissing``: the software never guesses.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import chinese_calendar  # type: ignore[import-untyped]  # the package ships no type hints

__all__ = [
    "CalendarError",
    "CalendarYearMissing",
    "HolidayYear",
    "WorkdayCalendar",
]

_SATURDAY = 5  # date.weekday(): Monday is 0


class CalendarError(ValueError):
    """Calendar data or a request that cannot be used; ``code`` and ``params`` say why."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params: dict[str, object] = params
        details = ", ".join(f"{key}={value!r}" for key, value in sorted(params.items()))
        super().__init__(f"{code}: {details}" if details else code)


class CalendarYearMissing(CalendarError):
    """Neither the bundled data nor the office's entries cover ``year``."""

    def __init__(self, year: int) -> None:
        super().__init__("calendar_year_missing", year=year)
        self.year = year


def _check_date(value: object) -> date:
    # datetime is a date subclass; accepting one would silently drop its time and zone.
    if not isinstance(value, date) or isinstance(value, datetime):
        raise CalendarError("not_a_date", value=value)
    return value


@dataclass(frozen=True)
class HolidayYear:
    """One year's official holidays as the office enters them from the State Council notice.

    ``days_off`` are the holiday days (weekend days inside a holiday may be listed or not:
    a weekend day is off either way); ``makeup_workdays`` are the weekend days worked
    instead; ``document_number`` is the notice the data was copied from.
    """

    year: int
    days_off: frozenset[date]
    makeup_workdays: frozenset[date]
    document_number: str

    def __post_init__(self) -> None:
        for day in self.days_off | self.makeup_workdays:
            _check_date(day)
            if day.year != self.year:
                raise CalendarError("date_outside_year", year=self.year, date=day)
        both = self.days_off & self.makeup_workdays
        if both:
            raise CalendarError("day_off_and_workday", year=self.year, dates=sorted(both))
        weekdays = sorted(day for day in self.makeup_workdays if day.weekday() < _SATURDAY)
        if weekdays:
            # A make-up working day is by definition a weekend day; a weekday here is a
            # typing mistake that would otherwise pass unnoticed.
            raise CalendarError("makeup_workday_not_weekend", year=self.year, dates=weekdays)
        if not self.document_number.strip():
            raise CalendarError("document_number_missing", year=self.year)

    def is_workday(self, day: date) -> bool:
        """Whether ``day`` (a date of this year) is a working day."""
        if day in self.makeup_workdays:
            return True
        return day.weekday() < _SATURDAY and day not in self.days_off


class WorkdayCalendar:
    """Working days from the bundled data, with the office's entered years taking precedence."""

    def __init__(self, entered_years: Iterable[HolidayYear] = ()) -> None:
        self._entered: dict[int, HolidayYear] = {}
        for entered in entered_years:
            if entered.year in self._entered:
                raise CalendarError("year_entered_twice", year=entered.year)
            self._entered[entered.year] = entered

    def is_workday(self, day: date) -> bool:
        """Whether ``day`` is an official working day; ``CalendarYearMissing`` if unknown."""
        day = _check_date(day)
        entered = self._entered.get(day.year)
        if entered is not None:
            return entered.is_workday(day)
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            # chinesecalendar raises NotImplementedError ("no available data for year …")
            # outside the years it bundles; say which year is missing instead.
            raise CalendarYearMissing(day.year) from None

    def first_workday_on_or_after(self, day: date) -> date:
        """``day`` itself if it is a working day, else the next working day."""
        day = _check_date(day)
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day

    def add_workdays(self, start: date, n: int) -> date:
        """The last day of a period of ``n`` working days beginning at ``start``.

        Day one is ``start`` if it is a working day, else the next working day
        (docs/rules.md#publicity: publicity ends at the close of the Nth working day, and this
        is that day).
        """
        if n < 1:
            raise CalendarError("workday_count_not_positive", n=n)
        day = self.first_workday_on_or_after(start)
        counted = 1
        while counted < n:
            day += timedelta(days=1)
            if self.is_workday(day):
                counted += 1
        return day

    def workdays_between(self, start: date, end: date) -> int:
        """The number of working days from ``start`` to ``end``, both included (0 if end<start)."""
        start, end = _check_date(start), _check_date(end)
        count = 0
        day = start
        while day <= end:
            count += self.is_workday(day)
            day += timedelta(days=1)
        return count
