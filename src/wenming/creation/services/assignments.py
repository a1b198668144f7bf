"""责任分工: the plan's framework clauses assigned to the organization's departments.

Each clause of ``plan.award.framework`` gets an ordered list of departments; the first
leads (牵头), the others contribute (配合). The framework's 责任部门 column proposes the
defaults, matched by name against the plan organization's departments (see
:func:`match_departments`). Every change is audited on the plan.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.audit.services import audit_record
from wenming.domain.frameworks import Clause, Framework

from .. import scopes
from ..models import Assignment, Department, Plan


@dataclass(frozen=True)
class Defaults:
    """What the defaults did: the clauses newly assigned, and those no department matched."""

    assigned: tuple[str, ...]
    unmatched: tuple[Clause, ...]


def plan_framework(plan: Plan) -> Framework:
    """The framework the plan works through (its award's)."""
    return plan.award.framework.to_framework()


def framework_clauses(framework: Framework) -> dict[str, Clause]:
    """Every clause of the framework by key, in the framework's order."""
    return {
        clause.key: clause
        for item in framework.items
        for criterion in item.criteria
        for clause in criterion.clauses
    }


def match_departments(names: Iterable[str], departments: Sequence[Department]) -> list[Department]:
    """The departments the framework's 责任部门 names stand for, in the names' order.

    Each name takes the department of exactly that name; failing that, the first
    department (in the organization's order) whose name contains the framework's name
    or is contained in it (机关纪委 for 纪委, 办公室 for 党委办公室). A department is
    listed once; names no department matches are skipped.
    """
    chosen: list[Department] = []
    for raw in names:
        name = raw.strip()
        if not name:
            continue
        found = next((d for d in departments if d.name == name), None)
        if found is None:
            found = next((d for d in departments if d.name in name or name in d.name), None)
        if found is not None and found not in chosen:
            chosen.append(found)
    return chosen


def clause_departments(plan: Plan) -> dict[str, list[Department]]:
    """Each assigned clause's departments in order (the first leads)."""
    rows: dict[str, list[Department]] = {}
    for assignment in Assignment.objects.filter(plan=plan).select_related("department"):
        rows.setdefault(assignment.clause_key, []).append(assignment.department)
    return rows


def unassigned_keys(plan: Plan) -> list[str]:
    """The framework's clauses no department is assigned to yet, in the framework's order."""
    assigned = set(Assignment.objects.filter(plan=plan).values_list("clause_key", flat=True))
    return [key for key in framework_clauses(plan_framework(plan)) if key not in assigned]


def _require_office(acting_user: User, plan: Plan) -> None:
    if not scopes.runs_plan(acting_user, plan):
        raise PermissionDenied(_("只有本单位创建办公室可以调整责任分工。"))


def _write(plan: Plan, clause_key: str, departments: Sequence[Department]) -> None:
    Assignment.objects.filter(plan=plan, clause_key=clause_key).delete()
    Assignment.objects.bulk_create(
        Assignment(plan=plan, clause_key=clause_key, department=d, order=i)
        for i, d in enumerate(departments)
    )


def assignments_default(*, acting_user: User, plan: Plan) -> Defaults:
    """Assign every clause that has no department yet the departments its framework
    责任部门 names (first leads); report the clauses no department matched."""
    _require_office(acting_user, plan)
    scopes.require_plan_open(plan)
    departments = list(Department.objects.filter(organization_id=plan.organization_id))
    with transaction.atomic():
        taken = set(Assignment.objects.filter(plan=plan).values_list("clause_key", flat=True))
        assigned: dict[str, list[str]] = {}
        unmatched: list[Clause] = []
        for key, clause in framework_clauses(plan_framework(plan)).items():
            if key in taken:
                continue
            chosen = match_departments(clause.departments, departments)
            if not chosen:
                unmatched.append(clause)
                continue
            _write(plan, key, chosen)
            assigned[key] = [d.name for d in chosen]
        audit_record(
            actor=acting_user,
            action="creation.assignments_default",
            obj=plan,
            after={"assigned": assigned, "unmatched": [c.key for c in unmatched]},
        )
    return Defaults(tuple(assigned), tuple(unmatched))


def assignment_set(
    *, acting_user: User, plan: Plan, clause_key: str, departments: list[Department]
) -> None:
    """Set one clause's departments in order (the first leads); an empty list removes
    the clause's assignment."""
    _require_office(acting_user, plan)
    scopes.require_plan_open(plan)
    if clause_key not in framework_clauses(plan_framework(plan)):
        raise ValidationError(
            _("测评体系中没有评分要点“%(key)s”。"),
            code="unknown_clause",
            params={"key": clause_key},
        )
    if len({d.pk for d in departments}) != len(departments):
        raise ValidationError(_("同一部门不能重复选择。"), code="duplicate")
    if any(d.organization_id != plan.organization_id for d in departments):
        raise ValidationError(_("只能选择本单位的部门。"), code="foreign_department")
    with transaction.atomic():
        before = [d.name for d in clause_departments(plan).get(clause_key, [])]
        _write(plan, clause_key, departments)
        audit_record(
            actor=acting_user,
            action="creation.assignment_set",
            obj=plan,
            before={"clause": clause_key, "departments": before},
            after={"clause": clause_key, "departments": [d.name for d in departments]},
        )
