"""Reads of the work rules, each in a fixed number of queries whatever the number of rows."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from wenming.domain.quorum import Quorum, check_quorum
from wenming.domain.workrules import (
    MeetingKind,
    ReportFact,
    SuccessorStatus,
    UnitFigures,
    adoption_figures,
    meeting_problems,
    period_bounds,
    schedule_gaps,
    successor_due,
    successor_status,
)
from wenming.registry.models import Body, Region

from .messages import SUCCESSOR_LABELS, problem_text
from .models import (
    Attendance,
    Attendee,
    Decision,
    DecisionTask,
    InfoReport,
    LiaisonOfficer,
    TrainingSession,
    WorkMeeting,
)


def _today(today: date | None) -> date:
    return today or timezone.localdate()


# ---- meetings ---------------------------------------------------------------------------


def meeting_detail(pk: int) -> WorkMeeting:
    """A meeting with its papers, attendees and decisions with their tasks and items."""
    return (
        WorkMeeting.objects.select_related("office", "papers_circulated_by")
        .prefetch_related(
            "papers",
            Prefetch("attendees", Attendee.objects.select_related("user").order_by("id")),
            Prefetch(
                "decisions",
                Decision.objects.prefetch_related(
                    Prefetch(
                        "tasks", DecisionTask.objects.select_related("body", "item").order_by("id")
                    )
                ),
            ),
        )
        .get(pk=pk)
    )


def papers_warnings(meeting: WorkMeeting, today: date | None = None) -> list[str]:
    """What is wrong with the meeting's papers as of ``today``, as sentences."""
    circulated = meeting.papers_circulated_at
    problems = meeting_problems(
        held_on=meeting.held_on,
        today=_today(today),
        circulated_on=timezone.localdate(circulated) if circulated else None,
    )
    return [problem_text(p) for p in problems]


def year_warnings(office: Region, year: int, today: date | None = None) -> list[str]:
    """The year's missing regular (Q1, Q4) and joint (each half) meetings, as sentences."""
    held = WorkMeeting.objects.filter(office=office, held_on__year=year).values_list(
        "kind", "held_on"
    )
    gaps = schedule_gaps(year, [(MeetingKind(k), d) for k, d in held], _today(today))
    return [problem_text(p) for p in gaps]


def quorum_of(meeting: WorkMeeting) -> Quorum | None:
    """A committee meeting's quorum from its recorded attendance (two thirds present,
    written opinions not counted); None before any attendance is recorded."""
    attendees = list(meeting.attendees.all())
    if not attendees or all(a.status in (Attendance.INVITED, Attendance.LEAVE) for a in attendees):
        return None
    return check_quorum(
        members=len(attendees),
        attending=sum(a.status == Attendance.PRESENT for a in attendees),
        written_opinions=sum(bool(a.written_opinion) for a in attendees),
    )


# ---- liaison officers -------------------------------------------------------------------


@dataclass(frozen=True)
class UnitRow:
    """A member unit in the register: its officer in office, or the one who left last and
    whether their successor is overdue."""

    unit: Body
    officer: LiaisonOfficer | None
    left: LiaisonOfficer | None
    status: SuccessorStatus | None
    due: date | None

    @property
    def overdue(self) -> bool:
        return self.status is SuccessorStatus.OVERDUE

    @property
    def status_label(self) -> str:
        return str(SUCCESSOR_LABELS[self.status]) if self.status is not None else ""


def unit_register(units: QuerySet[Body], today: date | None = None) -> list[UnitRow]:
    """Each unit's officer and successor status, in two queries."""
    today = _today(today)
    unit_list = list(units.order_by("name", "id"))
    officers: dict[int, list[LiaisonOfficer]] = {}
    for officer in LiaisonOfficer.objects.filter(body__in=[u.pk for u in unit_list]).order_by(
        "-started_on", "-id"
    ):
        officers.setdefault(officer.body_id, []).append(officer)
    return [_unit_row(u, officers.get(u.pk, []), today) for u in unit_list]


def _unit_row(unit: Body, history: list[LiaisonOfficer], today: date) -> UnitRow:
    current = next((o for o in history if o.ended_on is None), None)
    ended = [o for o in history if o.ended_on is not None]
    left = max(ended, key=lambda o: (o.ended_on or date.min, o.pk), default=None)
    if left is None or left.ended_on is None:
        return UnitRow(unit, current, None, None, None)
    if current is not None and current.started_on < left.ended_on:
        return UnitRow(unit, current, None, None, None)  # named before the other left
    named_on = current.started_on if current is not None else None
    status = successor_status(left.ended_on, named_on, today)
    return UnitRow(unit, current, left, status, successor_due(left.ended_on))


def unit_history(unit: Body) -> list[LiaisonOfficer]:
    """Every officer the unit had, newest first."""
    return list(
        LiaisonOfficer.objects.filter(body=unit)
        .select_related("user")
        .order_by("-started_on", "-id")
    )


# ---- information reports ----------------------------------------------------------------


@dataclass(frozen=True)
class AdoptionRow:
    unit: Body
    figures: UnitFigures


@dataclass(frozen=True)
class AdoptionTable:
    year: int
    quarter: int | None
    rows: list[AdoptionRow]
    total: UnitFigures


def units_of(office: Region) -> QuerySet[Body]:
    """The office's member units (文明委成员单位 of its region)."""
    return Body.objects.filter(screens=True, region=office).select_related("region")


def figures_for(units: Iterable[Body], year: int, quarter: int | None = None) -> AdoptionTable:
    """Each unit's reports and adoptions over the quarter (or the year), most adopted
    first, and the total: two queries."""
    unit_list = list(units)
    start, end = period_bounds(year, quarter)
    rows = InfoReport.objects.filter(
        body__in=[u.pk for u in unit_list], submitted_on__range=(start, end)
    ).values_list("body_id", "submitted_on", "adopted", "in_briefing", "reported_up")
    facts = [ReportFact(*row) for row in rows]
    figures = adoption_figures(facts, year, quarter, units=[u.pk for u in unit_list])
    table = sorted(
        (AdoptionRow(u, figures[u.pk]) for u in unit_list),
        key=lambda r: (-r.figures.adopted, -r.figures.submitted, r.unit.name),
    )
    total = adoption_figures(
        [ReportFact(0, f.submitted_on, f.adopted, f.in_briefing, f.reported_up) for f in facts],
        year,
        quarter,
        units=[0],
    )[0]
    return AdoptionTable(year, quarter, table, total)


def adoption_table(office: Region, year: int, quarter: int | None = None) -> AdoptionTable:
    return figures_for(units_of(office), year, quarter)


# ---- training ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceRow:
    officer: LiaisonOfficer
    attended: list[bool]  # one per session, in the table's order

    @property
    def count(self) -> int:
        return sum(self.attended)


@dataclass(frozen=True)
class AttendanceTable:
    sessions: list[TrainingSession]
    rows: list[AttendanceRow]


def attendance_table(
    office: Region, year: int, units: Iterable[Body] | None = None
) -> AttendanceTable:
    """The year's sessions against the officers in office during the year (or who attended
    one): who attended what, in three queries. ``units`` narrows the officers."""
    sessions = list(
        TrainingSession.objects.filter(office=office, held_on__year=year)
        .prefetch_related("attendees")
        .order_by("held_on", "id")
    )
    start, end = period_bounds(year)
    officers = LiaisonOfficer.objects.filter(body__region=office, started_on__lte=end).exclude(
        ended_on__lt=start
    )
    attended_ids = {o.pk for s in sessions for o in s.attendees.all()}
    officers = (officers | LiaisonOfficer.objects.filter(pk__in=attended_ids)).distinct()
    if units is not None:
        officers = officers.filter(body__in=[u.pk for u in units])
    rows = [
        AttendanceRow(o, [o.pk in {a.pk for a in s.attendees.all()} for s in sessions])
        for o in officers.select_related("body").order_by("body__name", "-started_on", "id")
    ]
    return AttendanceTable(sessions, rows)
