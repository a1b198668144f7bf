"""Read queries of creation work's progress: the entry page and the plan's dashboard.

Every count is taken from one query of the occurrences the user sees (through
``creation.scopes``), so the dashboard's queries do not grow with its rows.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.campaigns.models import Application, SelfMark

from . import scopes
from .models import Department, Occurrence, OccurrenceStatus, Plan, PlanStatus, Reminder
from .services.assignments import plan_framework
from .services.plans import PhaseNow, current_phase

#: How far ahead 我的任务 looks for occurrences due soon.
SOON_DAYS = 14


def week_of(today: date) -> tuple[date, date]:
    """The current week, Monday to Sunday."""
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


def due_this_week_q(today: date) -> Q:
    """本周到期 (every page): not accepted, due from today to this week's Sunday."""
    return ~Q(status=OccurrenceStatus.ACCEPTED) & Q(due_on__range=(today, week_of(today)[1]))


def overdue_q(today: date) -> Q:
    """已逾期 (every page): not accepted, due before today."""
    return ~Q(status=OccurrenceStatus.ACCEPTED) & Q(due_on__lt=today)


def below_minimum_counted_q(today: date) -> Q:
    """次数不足 is counted once the work is in (submitted or later) or its due date has
    passed: an open occurrence still ahead has time to add its activities."""
    in_ = [OccurrenceStatus.SUBMITTED, OccurrenceStatus.SIGNED_OFF, OccurrenceStatus.ACCEPTED]
    return Q(status__in=in_) | Q(due_on__lt=today)


def _flag(q: Q) -> ExpressionWrapper[Q]:
    return ExpressionWrapper(q, output_field=BooleanField())


@dataclass
class Counts:
    """One row's counts: occurrences, and where their work stands."""

    label: str = ""
    department_id: int | None = None
    total: int = 0
    accepted: int = 0
    due_this_week: int = 0
    overdue: int = 0
    awaiting_sign_off: int = 0
    awaiting_acceptance: int = 0
    below_minimum: int = 0

    def add(self, occurrence: Occurrence) -> None:
        """Count one occurrence annotated by ``_occurrences`` (the flags of the Q above)."""
        self.total += 1
        status = occurrence.status
        if status == OccurrenceStatus.ACCEPTED:
            self.accepted += 1
        self.due_this_week += bool(getattr(occurrence, "is_due_this_week", False))
        self.overdue += bool(getattr(occurrence, "is_overdue", False))
        if status == OccurrenceStatus.SUBMITTED:
            self.awaiting_sign_off += 1
        elif status == OccurrenceStatus.SIGNED_OFF:
            self.awaiting_acceptance += 1
        activities: int = getattr(occurrence, "activities", 0)
        counted = bool(getattr(occurrence, "counts_minimum", False))
        if counted and activities < occurrence.task.minimum_count:
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
    phase: PhaseNow | None
    departments: list[Counts] = field(default_factory=list)
    criteria: list[Counts] = field(default_factory=list)
    total: Counts = field(default_factory=Counts)
    self_marks: SelfMarks | None = None


def _occurrences(user: User, plan: Plan, today: date) -> QuerySet[Occurrence]:
    # Distinct named activities among the material: what 至少N次 counts.
    return (
        Occurrence.objects.filter(task__in=scopes.tasks_for(user, plan))
        .select_related("task", "task__department")
        .annotate(
            activities=Count(
                "materials__activity", distinct=True, filter=~Q(materials__activity="")
            ),
            is_due_this_week=_flag(due_this_week_q(today)),
            is_overdue=_flag(overdue_q(today)),
            counts_minimum=_flag(below_minimum_counted_q(today)),
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
                criterion_of[clause.key] = _("%(item)s 第%(number)s条") % {
                    "item": item.name,
                    "number": criterion.number,
                }
                clause_points[clause.key] = clause.points
    departments = {
        d.pk: Counts(label=d.name, department_id=d.pk) for d in scopes.plan_departments(user, plan)
    }
    criteria: dict[str, Counts] = {label: Counts(label=label) for label in criterion_of.values()}
    unassigned = Counts(label="—")
    progress = PlanProgress(plan=plan, phase=current_phase(plan, today))
    for occurrence in _occurrences(user, plan, today):
        task = occurrence.task
        departments.get(task.department_id or 0, unassigned).add(occurrence)
        label = criterion_of.get(task.clause_key) or "—"
        criteria.setdefault(label, Counts(label=label)).add(occurrence)
        progress.total.add(occurrence)
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
    phase: PhaseNow | None
    tasks: int
    occurrences: int
    accepted: int


def plan_rows(plans: QuerySet[Plan], today: date, *, only_for: User | None = None) -> list[PlanRow]:
    """The plans with their status, current phase and counts (two queries). With
    ``only_for`` (a department's people) only the tasks of that user's departments count,
    as ``scopes.tasks_for`` shows them."""
    mine = Q()
    if only_for is not None:
        mine = Q(tasks__department__in=scopes.user_departments(only_for))
    accepted = Q(tasks__occurrences__status=OccurrenceStatus.ACCEPTED)
    annotated = (
        plans.select_related("organization", "award")
        .prefetch_related("phases")
        .annotate(
            n_tasks=Count("tasks", distinct=True, filter=mine),
            n_occurrences=Count("tasks__occurrences", distinct=True, filter=mine),
            n_accepted=Count("tasks__occurrences", distinct=True, filter=mine & accepted),
        )
        .order_by("-year", "organization__name", "id")
    )
    return [
        PlanRow(
            plan=p,
            phase=current_phase(p, today),
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
        .annotate(is_overdue=_flag(overdue_q(today)))
        .order_by("due_on", "id")
    )


def awaiting_my_sign_off(user: User) -> QuerySet[Occurrence]:
    """待我签批: submitted material of the departments the user leads (``scopes.signs_off``),
    whatever its due date, in open plans."""
    return (
        Occurrence.objects.filter(
            status=OccurrenceStatus.SUBMITTED,
            task__department__in=Department.objects.filter(leader__user=user),
        )
        .exclude(task__plan__status=PlanStatus.CLOSED)
        .select_related("task", "task__department", "task__plan")
        .order_by("due_on", "id")
    )


def awaiting_my_acceptance(plan_ids: list[int]) -> QuerySet[Occurrence]:
    """待验收: signed-off material of the plans the user runs (``scopes.runs_plan``),
    whatever its due date, in open plans."""
    return (
        Occurrence.objects.filter(status=OccurrenceStatus.SIGNED_OFF, task__plan_id__in=plan_ids)
        .exclude(task__plan__status=PlanStatus.CLOSED)
        .select_related("task", "task__department", "task__plan")
        .order_by("due_on", "id")
    )


def reminders_of(user: User) -> QuerySet[Reminder]:
    return Reminder.objects.filter(user=user).select_related(
        "occurrence", "occurrence__task", "occurrence__task__department"
    )
