"""The committee's and office's own work rules (docs/rules.md#work-rules, 满洲里 工作制度).

- Committee meetings (文明委会议, (二) 例会制度): regular ones in the first and the fourth
  quarter, extra ones when the chair calls them; the office circulates the papers to the
  members at least two days before (文明办要将会议内容提前两天向文明委成员通报). Joint
  meetings of the member units (联席会议, (五)) once every half year.
- Liaison officers (联络员, (六)): cadres of 正科级 or above; a successor is named within a
  week of one leaving ((十六) 2, 一周内将名单报备).
- Information reports (信息报送, (七)): the office counts each unit's reports and the ones
  it adopted, per quarter or year, and publishes the figures (通报).

Pure Python: dates in, codes and figures out; the apps word them.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

__all__ = [
    "JOINT_HALVES",
    "LIAISON_MIN_RANK",
    "PAPERS_LEAD_DAYS",
    "RANK_ORDER",
    "REGULAR_QUARTERS",
    "SUCCESSOR_DAYS",
    "MeetingKind",
    "Problem",
    "Rank",
    "ReportFact",
    "SuccessorStatus",
    "UnitFigures",
    "adoption_figures",
    "half_of",
    "meeting_problems",
    "papers_due_by",
    "period_bounds",
    "quarter_of",
    "rank_suffices",
    "schedule_gaps",
    "successor_due",
    "successor_status",
]

#: Days before a meeting by which its papers reach the members (the source's 提前两天).
PAPERS_LEAD_DAYS = 2
#: Days after a liaison officer leaves within which the unit names a successor (一周内).
SUCCESSOR_DAYS = 7
#: The quarters in which the committee's regular meetings are held (第一季度和第四季度).
REGULAR_QUARTERS = (1, 4)
#: The halves of the year, each with one joint meeting of the member units (每半年一次).
JOINT_HALVES = (1, 2)


class MeetingKind(StrEnum):
    REGULAR = "regular"  # 例会
    EXTRA = "extra"  # 临时会议, called by the chair
    JOINT = "joint"  # 成员单位联席会议


class Rank(StrEnum):
    """A cadre's rank (职级), lowest first."""

    CLERK = "clerk"  # 科员
    DEPUTY_SECTION = "deputy_section"  # 副科级
    SECTION = "section"  # 正科级
    DEPUTY_DIVISION = "deputy_division"  # 副处级
    DIVISION = "division"  # 正处级
    DEPUTY_BUREAU = "deputy_bureau"  # 副厅级
    BUREAU = "bureau"  # 正厅级


RANK_ORDER: tuple[Rank, ...] = tuple(Rank)
#: A liaison officer is a cadre of 正科级 or above (正科级以上干部).
LIAISON_MIN_RANK = Rank.SECTION


@dataclass(frozen=True)
class Problem:
    """Something the office should know: a code and the figures its sentence needs."""

    code: str
    params: dict[str, object] = field(default_factory=dict)


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def half_of(day: date) -> int:
    return 1 if day.month <= 6 else 2


def period_bounds(year: int, quarter: int | None = None) -> tuple[date, date]:
    """The first and last day of a quarter (1–4) of ``year``, or of the whole year."""
    if quarter is None:
        return date(year, 1, 1), date(year, 12, 31)
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter_out_of_range: {quarter!r}")
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, end - timedelta(days=1)


def papers_due_by(held_on: date, lead_days: int = PAPERS_LEAD_DAYS) -> date:
    """The last day on which a meeting's papers may be circulated: ``lead_days`` before."""
    return held_on - timedelta(days=lead_days)


def meeting_problems(
    *,
    held_on: date,
    today: date,
    circulated_on: date | None,
    lead_days: int = PAPERS_LEAD_DAYS,
) -> list[Problem]:
    """What is wrong with a meeting's papers as of ``today``.

    - ``papers_cannot_reach``: not circulated and already past the last day, so the papers
      can no longer reach the members ``lead_days`` before (a meeting set too late, or
      papers forgotten); not raised once the meeting has been held.
    - ``papers_circulated_late``: circulated after the last day.
    """
    due = papers_due_by(held_on, lead_days)
    params: dict[str, object] = {"held_on": held_on, "due_by": due, "days": lead_days}
    if circulated_on is None:
        if due < today <= held_on:
            return [Problem("papers_cannot_reach", params)]
        return []
    if circulated_on > due:
        return [Problem("papers_circulated_late", params | {"circulated_on": circulated_on})]
    return []


def schedule_gaps(
    year: int, meetings: Iterable[tuple[MeetingKind, date]], today: date
) -> list[Problem]:
    """The year's missing meetings: no regular meeting in the first or the fourth quarter
    (``no_regular_meeting``, with ``quarter``), no joint meeting in a half
    (``no_joint_meeting``, with ``half``). ``missed`` says the period is already over;
    a period not begun yet is still reported, so the office can schedule ahead."""
    held = [(kind, day) for kind, day in meetings if day.year == year]
    problems: list[Problem] = []
    for quarter in REGULAR_QUARTERS:
        if not any(k is MeetingKind.REGULAR and quarter_of(d) == quarter for k, d in held):
            end = period_bounds(year, quarter)[1]
            problems.append(
                Problem(
                    "no_regular_meeting",
                    {"year": year, "quarter": quarter, "missed": today > end},
                )
            )
    for half in JOINT_HALVES:
        if not any(k is MeetingKind.JOINT and half_of(d) == half for k, d in held):
            end = date(year, 6, 30) if half == 1 else date(year, 12, 31)
            problems.append(
                Problem("no_joint_meeting", {"year": year, "half": half, "missed": today > end})
            )
    return problems


def rank_suffices(rank: Rank, minimum: Rank = LIAISON_MIN_RANK) -> bool:
    """Whether ``rank`` is ``minimum`` or above (正科级以上 includes 正科级 itself)."""
    return RANK_ORDER.index(rank) >= RANK_ORDER.index(minimum)


class SuccessorStatus(StrEnum):
    NAMED = "named"  # within the week
    NAMED_LATE = "named_late"
    WAITING = "waiting"  # none yet, still within the week
    OVERDUE = "overdue"  # none, and the week is over


def successor_due(left_on: date, days: int = SUCCESSOR_DAYS) -> date:
    """The last day on which the successor of an officer who left on ``left_on`` is named."""
    return left_on + timedelta(days=days)


def successor_status(
    left_on: date, named_on: date | None, today: date, days: int = SUCCESSOR_DAYS
) -> SuccessorStatus:
    """Whether the successor of an officer who left on ``left_on`` was named in time."""
    due = successor_due(left_on, days)
    if named_on is not None:
        return SuccessorStatus.NAMED if named_on <= due else SuccessorStatus.NAMED_LATE
    return SuccessorStatus.OVERDUE if today > due else SuccessorStatus.WAITING


@dataclass(frozen=True)
class ReportFact:
    """One information report as the statistics see it. ``adopted`` is None while the
    office has not yet decided."""

    unit: int
    submitted_on: date
    adopted: bool | None = None
    in_briefing: bool = False  # 编入简报
    reported_up: bool = False  # 上报


@dataclass(frozen=True)
class UnitFigures:
    """One unit's figures over a period; ``rate`` is the adopted share in per cent."""

    unit: int
    submitted: int = 0
    adopted: int = 0
    not_adopted: int = 0
    pending: int = 0
    in_briefing: int = 0
    reported_up: int = 0

    @property
    def rate(self) -> Decimal | None:
        """Adopted of submitted, in per cent to one decimal (half up); None with none."""
        if not self.submitted:
            return None
        share = Decimal(100 * self.adopted) / Decimal(self.submitted)
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def adoption_figures(
    facts: Iterable[ReportFact],
    year: int,
    quarter: int | None = None,
    units: Iterable[int] = (),
) -> dict[int, UnitFigures]:
    """Each unit's figures over the quarter (or the year) by the day a report was
    submitted; ``units`` are listed even with no report (zeros)."""
    start, end = period_bounds(year, quarter)
    counts: dict[int, dict[str, int]] = {u: {} for u in units}
    for fact in facts:
        if not start <= fact.submitted_on <= end:
            continue
        row = counts.setdefault(fact.unit, {})
        keys = ["submitted"]
        keys.append(
            "pending" if fact.adopted is None else "adopted" if fact.adopted else "not_adopted"
        )
        if fact.in_briefing:
            keys.append("in_briefing")
        if fact.reported_up:
            keys.append("reported_up")
        for key in keys:
            row[key] = row.get(key, 0) + 1
    return {unit: UnitFigures(unit=unit, **row) for unit, row in counts.items()}
