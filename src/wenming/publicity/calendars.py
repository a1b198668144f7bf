"""The working-day calendar with the holiday years the office entered (docs/rules.md#publicity)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wenming.domain import calendar as domain

from .models import HolidayYear


def _dates(values: list[str]) -> frozenset[date]:
    return frozenset(date.fromisoformat(v) for v in values)


def as_domain(row: HolidayYear) -> domain.HolidayYear:
    return domain.HolidayYear(
        year=row.year,
        days_off=_dates(row.days_off),
        makeup_workdays=_dates(row.makeup_workdays),
        document_number=row.document_number,
    )


def workday_calendar() -> domain.WorkdayCalendar:
    """The bundled official calendar, with every year the office entered taking precedence."""
    return domain.WorkdayCalendar(as_domain(row) for row in HolidayYear.objects.all())


def missing_year_error(year: int) -> ValidationError:
    return ValidationError(
        _(
            "%(year)s年的法定节假日安排尚未录入，无法计算工作日。请先在“节假日安排”中录入%(year)s年的放假通知。"
        )
        % {"year": year},
        code="calendar_year_missing",
    )


def end_date(starts_on: date, working_days: int) -> date:
    """The last day of publicity, or a ValidationError naming the year to enter."""
    try:
        return workday_calendar().add_workdays(starts_on, working_days)
    except domain.CalendarYearMissing as error:
        raise missing_year_error(error.year) from error
