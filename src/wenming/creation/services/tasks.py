"""Creation tasks and their occurrences (任务与期次).

A task is the plan's work on one framework clause (or a common item of the office's
task list): a department, what material it asks for, and the due-date words
(完成时间, "每季度", "10月底前"). The words are read by :func:`wenming.domain.creation.due_periods`
into periods; each period is one occurrence, collected and accepted on its own.
Occurrences are regenerated from new words only while no work has begun on any of them.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.audit.services import audit_record
from wenming.domain.creation import DueDateError, Period, due_periods, minimum_count

from .. import scopes
from ..messages import due_date_message
from ..models import (
    Department,
    Material,
    Occurrence,
    OccurrenceStatus,
    Plan,
    Task,
    TaskListItem,
)
from .assignments import framework_clauses, plan_framework


def _require_office(acting_user: User, plan: Plan) -> None:
    if not scopes.runs_plan(acting_user, plan):
        raise PermissionDenied(_("只有本单位创建办公室可以管理创建任务。"))
    scopes.require_plan_open(plan)


def _periods(due_text: str, year: int) -> tuple[Period, ...]:
    try:
        return due_periods(due_text, year)
    except DueDateError as error:
        raise ValidationError({"due_text": due_date_message(error)}, code="due_text") from error


def _check_department(plan: Plan, department: Department | None) -> None:
    if department is not None and department.organization_id != plan.organization_id:
        raise ValidationError({"department": _("只能选择本单位的部门。")}, code="department")


def _snapshot(task: Task) -> dict[str, Any]:
    return {
        "title": task.title,
        "clause": task.clause_key,
        "list_item": task.list_item_id,
        "department": task.department.name if task.department else "",
        "due_text": task.due_text,
        "material_requirement": task.material_requirement,
        "minimum_count": task.minimum_count,
        "occurrences": [
            [o.label, o.starts_on.isoformat(), o.due_on.isoformat()]
            for o in task.occurrences.order_by("due_on", "id")
        ],
    }


def _occurrences_create(task: Task, periods: tuple[Period, ...]) -> None:
    Occurrence.objects.bulk_create(
        Occurrence(task=task, label=p.label, starts_on=p.starts_on, due_on=p.due_on)
        for p in periods
    )


def task_create(
    *,
    acting_user: User,
    plan: Plan,
    title: str,
    due_text: str,
    department: Department | None = None,
    clause_key: str = "",
    list_item: TaskListItem | None = None,
    material_requirement: str = "",
) -> Task:
    """A new task of the plan with one occurrence per period its due words name."""
    _require_office(acting_user, plan)
    title, due_text = title.strip(), due_text.strip()
    clause_key = clause_key.strip()
    if not title:
        raise ValidationError({"title": _("请填写任务名称。")}, code="title")
    if clause_key and clause_key not in framework_clauses(plan_framework(plan)):
        raise ValidationError(
            {"clause_key": _("测评体系中没有评分要点“%(key)s”。") % {"key": clause_key}},
            code="unknown_clause",
        )
    if not clause_key and list_item is None:
        raise ValidationError({"clause_key": _("请选择评分要点。")}, code="clause_required")
    _check_department(plan, department)
    periods = _periods(due_text, plan.year)
    with transaction.atomic():
        task = Task.objects.create(
            plan=plan,
            clause_key=clause_key,
            list_item=list_item,
            title=title,
            department=department,
            material_requirement=material_requirement.strip(),
            due_text=due_text,
            minimum_count=minimum_count(material_requirement or title),
        )
        _occurrences_create(task, periods)
        audit_record(
            actor=acting_user, action="creation.task_create", obj=task, after=_snapshot(task)
        )
    return task


def work_begun(task: Task) -> bool:
    """Whether any occurrence has material or has moved past 待提交."""
    return (
        Material.objects.filter(occurrence__task=task).exists()
        or task.occurrences.exclude(status=OccurrenceStatus.OPEN).exists()
    )


def task_update(
    *,
    acting_user: User,
    task: Task,
    title: str,
    due_text: str,
    department: Department | None,
    material_requirement: str = "",
) -> Task:
    """Change a task; new due words regenerate its occurrences, refused once work began."""
    plan = task.plan
    _require_office(acting_user, plan)
    title, due_text = title.strip(), due_text.strip()
    if not title:
        raise ValidationError({"title": _("请填写任务名称。")}, code="title")
    _check_department(plan, department)
    regenerate = due_text != task.due_text
    periods = _periods(due_text, plan.year) if regenerate else ()
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        begun = work_begun(task)
        if regenerate and begun:
            raise ValidationError(
                {"due_text": _("任务已有材料或已提交，不能再修改完成时间。")}, code="work_begun"
            )
        # The department's leader signs its material: another department taking over
        # begun work would have its leader sign what the old department submitted.
        if begun and department != task.department:
            raise ValidationError(
                {"department": _("任务已有材料或已提交，不能再更换责任部门。")},
                code="work_begun",
            )
        before = _snapshot(task)
        task.title, task.department, task.due_text = title, department, due_text
        task.material_requirement = material_requirement.strip()
        task.minimum_count = minimum_count(task.material_requirement or title)
        task.save()
        if regenerate:
            task.occurrences.all().delete()
            _occurrences_create(task, periods)
        audit_record(
            actor=acting_user,
            action="creation.task_update",
            obj=task,
            before=before,
            after=_snapshot(task),
        )
    return task


def task_assign(*, acting_user: User, task: Task, department: Department) -> Task:
    """Give an inherited task (no department yet) its department."""
    _require_office(acting_user, task.plan)
    if task.department_id is not None:
        raise ValidationError(_("该任务已有责任部门，请在编辑任务中更换。"), code="assigned")
    _check_department(task.plan, department)
    with transaction.atomic():
        task.department = department
        task.save(update_fields=["department"])
        audit_record(
            actor=acting_user,
            action="creation.task_assign",
            obj=task,
            after={"department": department.name},
        )
    return task


def task_delete(*, acting_user: User, task: Task) -> None:
    """Remove a task and its occurrences, only while it has no material."""
    _require_office(acting_user, task.plan)
    with transaction.atomic():
        if Material.objects.filter(occurrence__task=task).exists():
            raise ValidationError(_("任务已有材料，不能删除。"), code="has_material")
        if task.occurrences.exclude(status=OccurrenceStatus.OPEN).exists():
            raise ValidationError(_("任务已提交，不能删除。"), code="submitted")
        audit_record(
            actor=acting_user, action="creation.task_delete", obj=task, before=_snapshot(task)
        )
        task.delete()
