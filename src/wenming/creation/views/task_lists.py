"""Pages of creation work: 文明办的任务清单 (网上申报任务分工, 共性任务).

An office imports its list from Excel, reads it, publishes it (frozen from then on) or
deletes a draft; an applicant's creation office sees the published lists that fit its
organization and takes one over into a plan (采用到本单位方案).
"""

import tempfile
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wenming.accounts.permissions import AuthenticatedRequest
from wenming.documents.xlsx import xlsx_response
from wenming.registry.models import KIND_CHOICES, UNIT_TYPE_LABELS, Region, choices
from wenming.registry.scopes import scope_of

from .. import scopes
from ..models import Plan, TaskList, TaskListStatus
from ..services import task_lists as services
from ..task_list_workbook import write_template


class TaskListImportForm(forms.Form):
    office: "forms.ModelChoiceField[Region]" = forms.ModelChoiceField(
        queryset=Region.objects.none(),
        label=gettext_lazy("发布机关"),
        empty_label=gettext_lazy("请选择"),
    )
    name = forms.CharField(label=gettext_lazy("清单名称"), max_length=200)
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=gettext_lazy("组织类型"), choices=KIND_CHOICES)
    unit_type = forms.ChoiceField(
        label=gettext_lazy("单位性质"),
        required=False,
        choices=[("", gettext_lazy("不限")), *choices(UNIT_TYPE_LABELS)],
    )
    file = forms.FileField(label=gettext_lazy("Excel 工作簿（.xlsx）"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offices = services.offices_for(user)
        office_field = self.fields["office"]
        office_field.queryset = offices  # type: ignore[attr-defined]
        if offices.count() == 1:
            office_field.initial = offices.first()
        self.fields["year"].initial = timezone.localdate().year


def _is_office(user: Any) -> bool:
    return services.offices_for(user).exists()


def _plans_run(user: Any) -> list[Plan]:
    """The plans the user runs as the applicant's creation office. The candidates are
    its own organizations' plans and those it has a seat in: an office above reads every
    plan of its region, and asking ``runs_plan`` of each would cost a query per plan."""
    seated = Q(organization_id__in=scope_of(user).organization_ids) | Q(
        group_members__staff__user=user
    )
    plans = scopes.plans_for(user).filter(seated).distinct()
    return [p for p in plans.select_related("organization__region") if scopes.runs_plan(user, p)]


def _visible(request: AuthenticatedRequest, pk: int) -> TaskList:
    """The list, when the user keeps it or runs a plan it applies to; else 404."""
    task_list = get_object_or_404(TaskList.objects.select_related("office"), pk=pk)
    if scopes.task_lists_for(request.user).filter(pk=pk).exists():
        return task_list
    for plan in _plans_run(request.user):
        if services.lists_for_organization(plan.organization).filter(pk=pk).exists():
            return task_list
    raise Http404


@login_required
def task_list_index(request: AuthenticatedRequest) -> HttpResponse:
    kept = (
        scopes.task_lists_for(request.user)
        .select_related("office")
        .annotate(item_count=Count("items"))
    )
    applicable = []
    for plan in _plans_run(request.user):
        lists = services.lists_for_organization(plan.organization).select_related("office")
        applicable.append((plan, list(lists.annotate(item_count=Count("items")))))
    is_office = _is_office(request.user)
    is_applicant = bool(scope_of(request.user).organization_ids) or bool(applicable)
    if not is_office and not is_applicant and not kept.exists():
        raise PermissionDenied
    context = {
        "kept": kept,
        "applicable": applicable,
        "is_office": is_office,
        "is_applicant": is_applicant,
    }
    return render(request, "creation/task_lists.html", context)


@login_required
def task_list_import(request: AuthenticatedRequest) -> HttpResponse:
    if not _is_office(request.user):
        raise PermissionDenied
    form = TaskListImportForm(request.POST or None, request.FILES or None, user=request.user)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task_list = services.task_list_import(
                acting_user=request.user,
                office=data["office"],
                name=data["name"],
                year=data["year"],
                kind=data["kind"],
                unit_type=data["unit_type"],
                upload=data["file"],
            )
        except ValidationError as problem:
            errors = problem.messages
            messages.error(request, _("文件有错误，未导入任何任务。"))
        else:
            count = task_list.items.count()
            messages.success(request, _("已导入 %(n)d 项任务，清单尚未发布。") % {"n": count})
            return redirect("creation:task_list", pk=task_list.pk)
    return render(request, "creation/task_list_import.html", {"form": form, "errors": errors})


@login_required
def task_list_template(request: AuthenticatedRequest) -> HttpResponseBase:
    if not _is_office(request.user):
        raise PermissionDenied
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes (and so deletes) it
    write_template(handle)
    return xlsx_response(handle, _("任务清单导入模板.xlsx"))


@login_required
def task_list_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    task_list = _visible(request, pk)
    manages = scopes.manages_task_list(request.user, task_list)
    plans = []
    if task_list.status == TaskListStatus.PUBLISHED:
        plans = [
            p
            for p in _plans_run(request.user)
            if services.lists_for_organization(p.organization).filter(pk=pk).exists()
        ]
    context = {
        "task_list": task_list,
        "items": task_list.items.all(),
        "manages": manages,
        "is_draft": task_list.status == TaskListStatus.DRAFT,
        "plans": plans,
    }
    return render(request, "creation/task_list.html", context)


def _managed(request: AuthenticatedRequest, pk: int) -> TaskList:
    task_list = _visible(request, pk)
    if not scopes.manages_task_list(request.user, task_list):
        raise PermissionDenied
    return task_list


@login_required
@require_POST
def task_list_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    task_list = _managed(request, pk)
    try:
        services.task_list_publish(acting_user=request.user, task_list=task_list)
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    else:
        messages.success(request, _("清单已发布，各单位可以采用到本单位方案。"))
    return redirect("creation:task_list", pk=pk)


@login_required
@require_POST
def task_list_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    task_list = _managed(request, pk)
    try:
        services.task_list_delete(acting_user=request.user, task_list=task_list)
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
        return redirect("creation:task_list", pk=pk)
    messages.success(request, _("已删除清单“%(name)s”。") % {"name": task_list.name})
    return redirect("creation:task_lists")


@login_required
@require_POST
def task_list_inherit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    task_list = _visible(request, pk)
    plan_id = request.POST.get("plan", "")
    plan = get_object_or_404(
        scopes.plans_for(request.user), pk=int(plan_id) if plan_id.isdigit() else 0
    )
    if not scopes.runs_plan(request.user, plan):
        raise PermissionDenied
    try:
        created = services.task_list_inherit(
            acting_user=request.user, plan=plan, task_list=task_list
        )
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    else:
        if created:
            message = _("已将 %(n)d 项任务采用到“%(plan)s”；未匹配到责任部门的任务请在任务页指定。")
            messages.success(request, message % {"n": len(created), "plan": plan.title})
        else:
            messages.info(
                request, _("该清单的任务都已在“%(plan)s”中，没有新增。") % {"plan": plan.title}
            )
    return redirect("creation:task_lists")


urlpatterns: list[URLPattern] = [
    path("task-lists/", task_list_index, name="task_lists"),
    path("task-lists/import/", task_list_import, name="task_list_import"),
    path("task-lists/template/", task_list_template, name="task_list_template"),
    path("task-lists/<int:pk>/", task_list_detail, name="task_list"),
    path("task-lists/<int:pk>/publish/", task_list_publish, name="task_list_publish"),
    path("task-lists/<int:pk>/delete/", task_list_delete, name="task_list_delete"),
    path("task-lists/<int:pk>/inherit/", task_list_inherit, name="task_list_inherit"),
]
