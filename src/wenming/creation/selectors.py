"""Read queries of creation work's progress: the entry page and the plan's dashboard.

Every count is taken from one query of the occurrences the user sees (through
``creation.scopes``), so the dashboard's queries do not grow with its rows.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from wenming.accounts.models import User
from wenming.campaigns.models import Application, SelfMark

from . import scopes
from .models import Occurrence, OccurrenceStatus, Phase, Plan, Reminder
from .services.assignments import plan_framework

#: How far ahead 我的任务 looks for occurrences due soon.
SOON_DAYS = 14


def week_of(today: date) -> tuple[date, date]:
    """The current week, Monday to Sunday."""
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


@dataclass
class Counts:
    """One row's counts: occurrences, and where their work stands."""

    label: str = ""
    total: int = 0
    accepted: int = 0
    due_this_week: int = 0
    overdue: int = 0
    awaiting_sign_off: int = 0
    awaiting_acceptance: int = 0
    below_minimum: int = 0

    def add(self, occurrence: Occurrence, today: date, activities: int) -> None:
        monday, sunday = week_of(today)
        self.total += 1
        status = occurrence.status
        if status == OccurrenceStatus.ACCEPTED:
            self.accepted += 1
        else:
            if monday <= occurrence.due_on <= sunday and occurrence.due_on >= today:
                self.due_this_week += 1
            if occurrence.due_on < today:
                self.overdue += 1
        if status == OccurrenceStatus.SUBMITTED:
            self.awaiting_sign_off += 1
        elif status == OccurrenceStatus.SIGNED_OFF:
            self.awaiting_acceptance += 1
        if activities < occurrence.task.minimum_count:
            self.below_minimum += 1


@dataclass
class SelfMarks:
    points: Decimal = Decimal(0)
    maximum: Decimal = Decimal(0)
    marked: int = 0
    clauses: int = 0


@dataclass
class PlanProgress:
    plan: Plan
    phase: Phase | None
    departments: list[Counts] = field(default_factory=list)
    criteria: list[Counts] = field(default_factory=list)
    total: Counts = field(default_factory=Counts)
    self_marks: SelfMarks | None = None


def current_phase(phases: list[Phase], today: date) -> Phase | None:
    """The phase dated around today: the running one, else the next, else the last."""
    running = [p for p in phases if p.starts_on <= today <= p.ends_on]
    if running:
        return running[0]
    upcoming = sorted((p for p in phases if p.starts_on > today), key=lambda p: p.starts_on)
    if upcoming:
        return upcoming[0]
    return max(phases, key=lambda p: p.ends_on, default=None)


def _occurrences(user: User, plan: Plan) -> QuerySet[Occurrence]:
    # Distinct named activities among the material: what 至少N次 counts.
    return (
        Occurrence.objects.filter(task__in=scopes.tasks_for(user, plan))
        .select_related("task", "task__department")
        .annotate(
            activities=Count(
                "materials__activity", distinct=True, filter=~Q(materials__activity="")
            )
        )
        .order_by("due_on", "id")
    )


def _self_marks(plan: Plan, clause_points: dict[str, Decimal]) -> SelfMarks | None:
    application = Application.objects.filter(
        organization_id=plan.organization_id, award_id=plan.award_id
    ).first()
    if application is None:
        return None
    marks = SelfMark.objects.filter(application=application, clause_key__in=clause_points)
    summary = marks.aggregate(points=Sum("points"), marked=Count("id"))
    return SelfMarks(
        points=summary["points"] or Decimal(0),
        maximum=sum(clause_points.values(), Decimal(0)),
        marked=summary["marked"],
        clauses=len(clause_points),
    )


def plan_progress(user: User, plan: Plan, today: date) -> PlanProgress:
    """The plan's dashboard: counts by department and by criterion (第N条), the user's
    departments only unless the user sees the whole plan; the self-marks so far."""
    framework = plan_framework(plan)
    criterion_of: dict[str, str] = {}
    clause_points: dict[str, Decimal] = {}
    for item in framework.items:
        for criterion in item.criteria:
            for clause in criterion.clauses:
                criterion_of[clause.key] = f"{item.name} 第{criterion.number}条"
                clause_points[clause.key] = clause.points
    departments = {d.pk: Counts(label=d.name) for d in scopes.plan_departments(user, plan)}
    criteria: dict[str, Counts] = {label: Counts(label=label) for label in criterion_of.values()}
    unassigned = Counts(label="—")
    progress = PlanProgress(plan=plan, phase=current_phase(list(plan.phases.all()), today))
    for occurrence in _occurrences(user, plan):
        activities: int = getattr(occurrence, "activities", 0)
        task = occurrence.task
        row = departments.get(task.department_id or 0, unassigned)
        row.add(occurrence, today, activities)
        label = criterion_of.get(task.clause_key)
        criteria.setdefault(label or "—", Counts(label=label or "—")).add(
            occurrence, today, activities
        )
        progress.total.add(occurrence, today, activities)
    progress.departments = list(departments.values())
    if unassigned.total:
        progress.departments.append(unassigned)
    progress.criteria = [c for c in criteria.values() if c.total]
    if scopes.sees_whole_plan(user, plan):
        progress.self_marks = _self_marks(plan, clause_points)
    return progress


@dataclass
class PlanRow:
    plan: Plan
    phase: Phase | None
    tasks: int
    occurrences: int
    accepted: int


def plan_rows(plans: QuerySet[Plan], today: date) -> list[PlanRow]:
    """The plans with their status, current phase and counts (two queries)."""
    annotated = (
        plans.select_related("organization", "award")
        .prefetch_related("phases")
        .annotate(
            n_tasks=Count("tasks", distinct=True),
            n_occurrences=Count("tasks__occurrences", distinct=True),
            n_accepted=Count(
                "tasks__occurrences",
                distinct=True,
                filter=Q(tasks__occurrences__status=OccurrenceStatus.ACCEPTED),
            ),
        )
        .order_by("-year", "organization__name", "id")
    )
    return [
        PlanRow(
            plan=p,
            phase=current_phase(list(p.phases.all()), today),
            tasks=getattr(p, "n_tasks", 0),
            occurrences=getattr(p, "n_occurrences", 0),
            accepted=getattr(p, "n_accepted", 0),
        )
        for p in annotated
    ]


def my_occurrences(user: User, today: date) -> QuerySet[Occurrence]:
    """我的任务: the user's departments' occurrences not accepted, overdue or due soon."""
    return (
        Occurrence.objects.filter(task__department__in=scopes.user_departments(user))
        .exclude(status=OccurrenceStatus.ACCEPTED)
        .filter(due_on__lte=today + timedelta(days=SOON_DAYS))
        .select_related("task", "task__department", "task__plan")
        .order_by("due_on", "id")
    )


def reminders_of(user: User) -> QuerySet[Reminder]:
    return Reminder.objects.filter(user=user).select_related(
        "occurrence", "occurrence__task", "occurrence__task__department"
    )
