"""Who reaches which creation work: the one place pages, the API and services ask.

Three kinds of person work on a plan:

- the applicant's creation office runs it: the organization's applicant contacts
  (``Role.APPLICANT``) and the staff seated in the plan's 领导小组办公室 with a login;
- a department's people (its head, its leader, its members, by their staff record's
  login) see only their own department's assignments, tasks and material;
- the city office above the organization reads every plan of its region, and publishes
  the task lists; it changes nothing inside a plan.

The system administrator reaches everything, as elsewhere.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.registry.models import Region
from wenming.registry.scopes import scope_of

from .models import Department, GroupBody, Occurrence, Plan, PlanStatus, Task, TaskList


def require_plan_open(plan: Plan) -> None:
    """A closed plan (已结束) is the record of the work done: nothing in it changes any more."""
    if plan.status == PlanStatus.CLOSED:
        raise ValidationError(_("创建实施方案已结束，不能再修改。"))


def _user(user: User | AnonymousUser | None) -> User | None:
    return user if isinstance(user, User) and user.is_active else None


def _office_q(user: User) -> Q:
    """Plans the user runs as the applicant's creation office."""
    scope = scope_of(user)
    return Q(organization_id__in=scope.organization_ids) | Q(
        group_members__body=GroupBody.OFFICE, group_members__staff__user=user
    )


def _region_q(user: User) -> Q:
    q = Q(pk__in=[])
    for path in scope_of(user).office_paths:
        q |= Q(organization__region__path__startswith=path)
    return q


def user_departments(user: User | AnonymousUser | None) -> QuerySet[Department]:
    """The departments whose work the user does (as head, leader or member)."""
    person = _user(user)
    if person is None:
        return Department.objects.none()
    return Department.objects.filter(
        Q(head__user=person) | Q(leader__user=person) | Q(members__user=person)
    ).distinct()


def plans_for(user: User | AnonymousUser | None) -> QuerySet[Plan]:
    """Every plan the user may open: run, read from above, or work on in a department."""
    person = _user(user)
    if person is None:
        return Plan.objects.none()
    if scope_of(person).is_admin:
        return Plan.objects.all()
    departments = user_departments(person).values("organization_id")
    q = _office_q(person) | _region_q(person) | Q(organization_id__in=departments)
    return Plan.objects.filter(q).distinct()


def runs_plan(user: User | AnonymousUser | None, plan: Plan) -> bool:
    """Whether the user is the plan's creation office (sets it up, accepts material)."""
    person = _user(user)
    if person is None:
        return False
    if scope_of(person).is_admin:
        return True
    return Plan.objects.filter(_office_q(person), pk=plan.pk).exists()


def reads_plan_from_above(user: User | AnonymousUser | None, plan: Plan) -> bool:
    """Whether the user is in an office above the plan's organization (reads it all)."""
    person = _user(user)
    if person is None:
        return False
    region: Region = plan.organization.region
    return scope_of(person).is_admin or any(
        region.path.startswith(p) for p in scope_of(person).office_paths
    )


def sees_whole_plan(user: User | AnonymousUser | None, plan: Plan) -> bool:
    """The office and the offices above see every department's work."""
    return runs_plan(user, plan) or reads_plan_from_above(user, plan)


def plan_departments(user: User | AnonymousUser | None, plan: Plan) -> QuerySet[Department]:
    """The plan's departments whose work the user sees: all of them for the office,
    only the user's own for a department's people."""
    departments = Department.objects.filter(organization_id=plan.organization_id)
    if sees_whole_plan(user, plan):
        return departments
    return departments.filter(pk__in=user_departments(user).values("pk"))


def tasks_for(user: User | AnonymousUser | None, plan: Plan) -> QuerySet[Task]:
    """The plan's tasks the user sees (a department's people: their department's only)."""
    tasks = Task.objects.filter(plan=plan)
    if sees_whole_plan(user, plan):
        return tasks
    return tasks.filter(department__in=plan_departments(user, plan))


def occurrences_for(user: User | AnonymousUser | None) -> QuerySet[Occurrence]:
    """Every occurrence the user sees, across the plans it may open (for the API)."""
    person = _user(user)
    if person is None:
        return Occurrence.objects.none()
    if scope_of(person).is_admin:
        return Occurrence.objects.all()
    whole = Plan.objects.filter(_office_q(person) | _region_q(person))
    return Occurrence.objects.filter(
        Q(task__plan__in=whole) | Q(task__department__in=user_departments(person))
    ).distinct()


def works_on_task(user: User | AnonymousUser | None, task: Task) -> bool:
    """Whether the user may upload and submit the task's material: the task's
    department's people, or the plan's office (which may act for a department)."""
    person = _user(user)
    if person is None:
        return False
    if runs_plan(person, task.plan):
        return True
    return task.department_id is not None and (
        user_departments(person).filter(pk=task.department_id).exists()
    )


def signs_off(user: User | AnonymousUser | None, task: Task) -> bool:
    """Whether the user is the leader (分管领导) of the task's department: the only one
    who signs its material off (the paper sheet's signature, seed 004)."""
    person = _user(user)
    if person is None or task.department_id is None:
        return False
    return Department.objects.filter(pk=task.department_id, leader__user=person).exists()


def task_lists_for(user: User | AnonymousUser | None) -> QuerySet[TaskList]:
    """The lists an office keeps (its own and those below it); applicants see the
    published lists of the offices above them."""
    person = _user(user)
    if person is None:
        return TaskList.objects.none()
    scope = scope_of(person)
    if scope.is_admin:
        return TaskList.objects.all()
    q = Q(pk__in=[])
    for path in scope.office_paths:
        q |= Q(office__path__startswith=path)
    return TaskList.objects.filter(q)


def manages_task_list(user: User | AnonymousUser | None, task_list: TaskList) -> bool:
    """The office that published the list (or one above it) edits and publishes it."""
    person = _user(user)
    if person is None:
        return False
    scope = scope_of(person)
    return scope.is_admin or any(task_list.office.path.startswith(p) for p in scope.office_paths)
