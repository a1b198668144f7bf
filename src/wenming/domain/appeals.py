"""Appeals (申诉): when an applicant may contest its frozen result (docs/rules.md#appeals).

The window opens when the ranking is frozen and lasts a set number of working days,
counted from the day after the freeze (the freeze day is already partly gone): frozen on
Tuesday 1 December 2026 with five working days, the last day is Tuesday 8 December.
An appeal is taken only once the ranking is frozen, for an application it ranked, until the
end of its last day, while screening is still open, and once per application (one award).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from .calendar import WorkdayCalendar

#: Working days an applicant has to appeal when the office sets nothing else.
DEFAULT_WORKING_DAYS = 5
#: The longest window the office may set: appeals must not hold screening up for weeks.
MAX_WORKING_DAYS = 30


def last_day(frozen_on: date, working_days: int, calendar: WorkdayCalendar) -> date:
    """The last day an appeal is taken: the Nth working day after the freeze day.

    Raises ``CalendarYearMissing`` when the count runs into a year nobody entered."""
    return calendar.add_workdays(frozen_on + timedelta(days=1), working_days)


class Refusal(StrEnum):
    """Why an appeal is not taken now."""

    NOT_FROZEN = "not_frozen"
    NOT_RANKED = "not_ranked"
    WINDOW_CLOSED = "window_closed"
    SCREENING_CLOSED = "screening_closed"
    ALREADY_LODGED = "already_lodged"


@dataclass(frozen=True, slots=True)
class AppealFacts:
    """What decides whether an applicant may appeal today."""

    today: date
    last_day: date | None  # None: the ranking is not frozen yet
    screening_closed: bool
    already_lodged: bool
    ranked: bool  # the application has a row in the ranking (no marks: nothing to contest)


def refusal(facts: AppealFacts) -> Refusal | None:
    """The first reason the appeal is refused, or None when it is taken."""
    if facts.already_lodged:
        return Refusal.ALREADY_LODGED
    if facts.last_day is None:
        return Refusal.NOT_FROZEN
    if not facts.ranked:
        return Refusal.NOT_RANKED
    if facts.screening_closed:
        return Refusal.SCREENING_CLOSED
    if facts.today > facts.last_day:
        return Refusal.WINDOW_CLOSED
    return None
