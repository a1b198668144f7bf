"""Which rows of creation work the API lists, across every plan the caller may open,
built from ``wenming.creation.scopes``: the plan's office and the offices above see
every department's work, a department's people only their own department's."""

from django.db.models import Q, QuerySet

from wenming.accounts.models import User
from wenming.registry.scopes import scope_of

from ..models import Department, Material, Plan, StaffMember, Task
from ..scopes import occurrences_for, plans_for, sees_whole_plan, user_departments


def whole_plans(user: User) -> list[Plan]:
    """The plans the caller sees whole (a few per person: one query per plan)."""
    plans = plans_for(user).select_related("organization__region")
    return [plan for plan in plans if sees_whole_plan(user, plan)]


def tasks_visible(user: User) -> QuerySet[Task]:
    """Every task the caller sees: whole plans' tasks and its departments' tasks."""
    whole = [plan.pk for plan in whole_plans(user)]
    mine = user_departments(user).values("pk")
    return Task.objects.filter(
        Q(plan_id__in=whole) | Q(plan__in=plans_for(user), department__in=mine)
    ).distinct()


def departments_visible(user: User) -> QuerySet[Department]:
    """The departments of whole plans' organizations, and the caller's own."""
    organizations = {plan.organization_id for plan in whole_plans(user)}
    return Department.objects.filter(
        Q(organization_id__in=organizations) | Q(pk__in=user_departments(user).values("pk"))
    ).distinct()


def staff_visible(user: User) -> QuerySet[StaffMember]:
    """The staff of the organizations whose plans the caller may open, and of those it
    belongs to as its applicant contact (never another organization's)."""
    organizations = plans_for(user).values("organization_id")
    return StaffMember.objects.filter(
        Q(organization_id__in=organizations)
        | Q(organization_id__in=scope_of(user).organization_ids)
    ).distinct()


def materials_visible(user: User) -> QuerySet[Material]:
    """Material of the occurrences the caller sees."""
    return Material.objects.filter(occurrence__in=occurrences_for(user))
