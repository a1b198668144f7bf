"""Which rows of creation work the API lists, across every plan the caller may open,
built from ``wenming.creation.scopes``: the plan's office and the offices above see
every department's work, a department's people only their own department's."""

from django.db.models import Q, QuerySet

from wenming.accounts.models import User
from wenming.registry.models import Organization
from wenming.registry.scopes import scope_of

from ..models import Department, GroupBody, Material, Plan, StaffMember, Task
from ..scopes import occurrences_for, plans_for, sees_whole_plan, user_departments
from ..services.organization import reads_organization, runs_organization


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


def staff_organizations(user: User) -> tuple[set[int], set[int]]:
    """The organizations whose staff the caller reads, as the 人员与部门 page does
    (``reads_organization``): those it runs (every field), and those it only works in as a
    department's person (name and position). Offices above read no one's staff."""
    scope = scope_of(user)
    if scope.is_admin:
        every = set(Organization.objects.values_list("pk", flat=True))
        return every, every
    seated = Plan.objects.filter(
        group_members__body=GroupBody.OFFICE, group_members__staff__user=user
    ).values_list("organization_id", flat=True)
    worked = user_departments(user).values_list("organization_id", flat=True)
    candidates = set(scope.organization_ids) | set(seated) | set(worked)
    organizations = Organization.objects.filter(pk__in=candidates)
    runs = {o.pk for o in organizations if runs_organization(user, o)}
    reads = {o.pk for o in organizations if o.pk in runs or reads_organization(user, o)}
    return runs, reads


def staff_visible(user: User) -> QuerySet[StaffMember]:
    """The staff of the organizations whose 人员与部门 page the caller may open."""
    _runs, reads = staff_organizations(user)
    return StaffMember.objects.filter(organization_id__in=reads)


def materials_visible(user: User) -> QuerySet[Material]:
    """Material of the occurrences the caller sees."""
    return Material.objects.filter(occurrence__in=occurrences_for(user))
