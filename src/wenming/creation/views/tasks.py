"""Pages of creation work: 责任分工与任务.

- 责任分工 (``creation:assignments``): the framework's clauses by item and criterion,
  each with its departments (牵头 first); the plan's office edits them, a department's
  people read the clauses of their own department.
- 创建任务 (``creation:tasks``): the tasks the user sees with their occurrences, a
  filter, the office's new-task form and the 待分配 tasks' department form;
  ``creation:task_edit`` changes or deletes one task.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wenming.accounts.permissions import AuthenticatedRequest
from wenming.domain.frameworks import Clause

from .. import scopes, selectors
from ..models import Department, Occurrence, OccurrenceStatus, Plan, PlanStatus, Task
from ..services import assignments as assignment_services
from ..services import tasks as task_services
from ..task_forms import (
    ASSIGNMENT_SLOTS,
    AssignForm,
    TaskEditForm,
    TaskFilterForm,
    TaskForm,
    assignment_departments,
)


def _plan(request: AuthenticatedRequest, pk: int) -> Plan:
    return get_object_or_404(
        scopes.plans_for(request.user).select_related("organization", "award"), pk=pk
    )


def _require_office(request: AuthenticatedRequest, plan: Plan) -> None:
    if not scopes.runs_plan(request.user, plan):
        raise PermissionDenied(_("只有本单位创建办公室可以执行此操作。"))


@dataclass
class ClauseRow:
    clause: Clause
    departments: list[Department]
    slots: list[tuple[str, int | None]] = field(default_factory=list)


@dataclass
class CriterionRow:
    number: int
    text: str
    clauses: list[ClauseRow]


@dataclass
class ItemRow:
    number: int
    name: str
    criteria: list[CriterionRow]


def _slot_labels() -> list[str]:
    """The ordered selects' labels: the first leads, the others contribute."""
    return [_("牵头部门"), *[_("配合部门")] * (ASSIGNMENT_SLOTS - 1)]


def _assignment_items(plan: Plan, visible: set[int] | None) -> list[ItemRow]:
    """The framework by item and criterion; ``visible`` limits the clauses to those
    assigned to these departments (None: every clause)."""
    assigned = assignment_services.clause_departments(plan)
    items: list[ItemRow] = []
    for item in assignment_services.plan_framework(plan).items:
        criteria: list[CriterionRow] = []
        for criterion in item.criteria:
            rows = []
            for clause in criterion.clauses:
                departments = assigned.get(clause.key, [])
                if visible is not None and not {d.pk for d in departments} & visible:
                    continue
                pks: list[int | None] = [d.pk for d in departments[:ASSIGNMENT_SLOTS]]
                pks += [None] * (ASSIGNMENT_SLOTS - len(pks))
                rows.append(
                    ClauseRow(clause, departments, list(zip(_slot_labels(), pks, strict=True)))
                )
            if rows:
                criteria.append(CriterionRow(criterion.number, criterion.text, rows))
        if criteria:
            items.append(ItemRow(item.number, item.name, criteria))
    return items


def _assignments_post(request: AuthenticatedRequest, plan: Plan) -> None:
    departments = Department.objects.filter(organization_id=plan.organization_id)
    if request.POST.get("action") == "default":
        result = assignment_services.assignments_default(acting_user=request.user, plan=plan)
        messages.success(
            request,
            _("已按测评体系的责任部门分配 %(n)d 个评分要点。") % {"n": len(result.assigned)},
        )
        if result.unmatched:
            keys = "、".join(f"{c.key} {c.text[:20]}" for c in result.unmatched)
            messages.warning(
                request, _("以下评分要点未能对应到本单位部门：%(keys)s") % {"keys": keys}
            )
        return
    key = request.POST.get("clause", "")
    chosen = assignment_departments(request.POST, departments)
    assignment_services.assignment_set(
        acting_user=request.user, plan=plan, clause_key=key, departments=chosen
    )
    if chosen:
        messages.success(request, _("已保存评分要点 %(key)s 的责任部门。") % {"key": key})
    else:
        messages.success(request, _("已取消评分要点 %(key)s 的责任部门。") % {"key": key})


@login_required
@require_http_methods(["GET", "POST"])
def assignments(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    # A closed plan (已结束) is a record: no forms to change it.
    can_edit = scopes.runs_plan(request.user, plan) and plan.status != PlanStatus.CLOSED
    if request.method == "POST":
        _require_office(request, plan)
        try:
            _assignments_post(request, plan)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("creation:assignments", pk=plan.pk)
    whole = scopes.sees_whole_plan(request.user, plan)
    visible = (
        None
        if whole
        else set(scopes.plan_departments(request.user, plan).values_list("pk", flat=True))
    )
    return render(
        request,
        "creation/assignments.html",
        {
            "plan": plan,
            "items": _assignment_items(plan, visible),
            "can_edit": can_edit,
            "whole": whole,
            "unassigned": len(assignment_services.unassigned_keys(plan)) if whole else 0,
            "departments": Department.objects.filter(organization_id=plan.organization_id),
        },
    )


def _filtered(tasks: QuerySet[Task], form: TaskFilterForm, today: date) -> QuerySet[Task]:
    """The tasks and, prefetched, the occurrences the filter lets through."""
    occurrences = Occurrence.objects.order_by("due_on", "id")
    if not form.is_valid():
        return tasks.prefetch_related(Prefetch("occurrences", queryset=occurrences))
    data = form.cleaned_data
    if data["department"] is not None:
        tasks = tasks.filter(department=data["department"])
    if data["status"]:
        occurrences = occurrences.filter(status=data["status"])
    # 本周到期 and 已逾期 as the dashboard counts them (one definition, in selectors).
    if data["when"] == "week":
        occurrences = occurrences.filter(selectors.due_this_week_q(today))
    elif data["when"] == "overdue":
        occurrences = occurrences.filter(selectors.overdue_q(today))
    if data["status"] or data["when"]:
        tasks = tasks.filter(occurrences__in=occurrences).distinct()
    return tasks.prefetch_related(Prefetch("occurrences", queryset=occurrences))


def _criterion_titles(plan: Plan) -> dict[str, str]:
    """Each clause key's criterion, as a group heading (第N条 and the start of its text)."""
    return {
        clause.key: f"{_('第%(n)d条') % {'n': criterion.number}} {criterion.text[:30]}"
        for item in assignment_services.plan_framework(plan).items
        for criterion in item.criteria
        for clause in criterion.clauses
    }


def _groups(tasks: list[Task], by: str, plan: Plan) -> list[tuple[str, list[Task]]]:
    """The tasks grouped by department (待分配 first) or by criterion (共性任务 first)."""
    groups: dict[str, list[Task]] = {}
    if by == "clause":
        titles = _criterion_titles(plan)
        order = list(titles)
        for task in sorted(
            tasks,
            key=lambda t: (order.index(t.clause_key) if t.clause_key in titles else -1, t.pk),
        ):
            groups.setdefault(titles.get(task.clause_key, _("共性任务")), []).append(task)
    else:
        for task in sorted(
            tasks,
            key=lambda t: (
                t.department is not None,
                t.department.order if t.department else 0,
                t.department_id or 0,
                t.pk,
            ),
        ):
            title = task.department.name if task.department else _("待分配")
            groups.setdefault(title, []).append(task)
    return list(groups.items())


def _tasks_post(request: AuthenticatedRequest, plan: Plan, form: TaskForm) -> bool:
    """Create a task or assign an inherited one; False when the form shows errors."""
    departments = Department.objects.filter(organization_id=plan.organization_id)
    if request.POST.get("action") == "assign":
        task_pk = request.POST.get("task", "")
        if not task_pk.isdigit():
            raise Http404
        task = get_object_or_404(Task, plan=plan, pk=int(task_pk))
        assign = AssignForm(request.POST, departments=departments)
        if not assign.is_valid():
            messages.error(request, _("请选择责任部门。"))
            return True
        task_services.task_assign(
            acting_user=request.user, task=task, department=assign.cleaned_data["department"]
        )
        messages.success(request, _("已分配任务“%(title)s”。") % {"title": task.title})
        return True
    if not form.is_valid():
        return False
    try:
        task = task_services.task_create(acting_user=request.user, plan=plan, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    messages.success(
        request,
        _("已新建任务“%(title)s”，共 %(n)d 期。")
        % {"title": task.title, "n": task.occurrences.count()},
    )
    return True


@login_required
@require_http_methods(["GET", "POST"])
def tasks(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    # A closed plan (已结束) is a record: no forms to change it.
    can_edit = scopes.runs_plan(request.user, plan) and plan.status != PlanStatus.CLOSED
    organization_departments = Department.objects.filter(organization_id=plan.organization_id)
    clauses = assignment_services.framework_clauses(assignment_services.plan_framework(plan))
    form_args: dict[str, Any] = {
        "clauses": list(clauses.values()),
        "departments": organization_departments,
    }
    form = TaskForm(request.POST if request.POST.get("action") == "create" else None, **form_args)
    if request.method == "POST":
        _require_office(request, plan)
        try:
            done = _tasks_post(request, plan, form)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            done = True
        if done:
            return redirect("creation:tasks", pk=plan.pk)
    today = timezone.localdate()
    visible_departments = scopes.plan_departments(request.user, plan)
    filter_form = TaskFilterForm(request.GET or None, departments=visible_departments)
    task_qs = _filtered(
        scopes.tasks_for(request.user, plan).select_related("department", "list_item"),
        filter_form,
        today,
    )
    group_by = filter_form.cleaned_data.get("group", "") if filter_form.is_valid() else ""
    return render(
        request,
        "creation/tasks.html",
        {
            "plan": plan,
            "groups": _groups(list(task_qs), group_by, plan),
            "can_edit": can_edit,
            "form": form,
            "filter_form": filter_form,
            "departments": organization_departments,
            "today": today,
            "accepted": OccurrenceStatus.ACCEPTED,
        },
    )


def _task(request: AuthenticatedRequest, pk: int) -> Task:
    """The task when the user sees it (404 otherwise) and runs its plan (403 otherwise)."""
    task = get_object_or_404(Task.objects.select_related("plan", "department"), pk=pk)
    if not scopes.tasks_for(request.user, task.plan).filter(pk=task.pk).exists():
        raise Http404
    _require_office(request, task.plan)
    return task


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    plan = task.plan
    departments = Department.objects.filter(organization_id=plan.organization_id)
    initial = {
        "title": task.title,
        "department": task.department,
        "due_text": task.due_text,
        "material_requirement": task.material_requirement,
    }
    form = TaskEditForm(
        request.POST if request.POST.get("action") == "save" else None,
        initial=initial,
        clauses=[],
        departments=departments,
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "delete":
                task_services.task_delete(acting_user=request.user, task=task)
                messages.success(request, _("已删除任务“%(title)s”。") % {"title": task.title})
                return redirect("creation:tasks", pk=plan.pk)
            if form.is_valid():
                task = task_services.task_update(
                    acting_user=request.user, task=task, **form.cleaned_data
                )
                messages.success(request, _("已保存任务“%(title)s”。") % {"title": task.title})
                return redirect("creation:tasks", pk=plan.pk)
        except ValidationError as error:
            if request.POST.get("action") == "delete":
                messages.error(request, " ".join(error.messages))
                return redirect("creation:task_edit", pk=task.pk)
            form.add_error(None, error)
    clause = assignment_services.framework_clauses(assignment_services.plan_framework(plan)).get(
        task.clause_key
    )
    return render(
        request,
        "creation/task_edit.html",
        {
            "task": task,
            "plan": plan,
            "form": form,
            "clause": clause,
            "occurrences": task.occurrences.order_by("due_on", "id"),
            "work_begun": task_services.work_begun(task),
        },
    )


urlpatterns: list[URLPattern] = [
    path("plans/<int:pk>/assignments/", assignments, name="assignments"),
    path("plans/<int:pk>/tasks/", tasks, name="tasks"),
    path("tasks/<int:pk>/edit/", task_edit, name="task_edit"),
]
