"""Forms of the 责任分工 and 创建任务 pages: a clause's ordered departments, a task,
an inherited task's department, and the task list's filter."""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from wenming.domain.frameworks import Clause

from .models import Department, OccurrenceStatus

#: How many departments a clause's form offers: 牵头部门 and two 配合部门.
ASSIGNMENT_SLOTS = 3

DUE_HINT = _(
    "例如：第一季度、每季度、每月、每半年、10月底前、2026年8月底前、全年。"
    "每季度、每月、每半年会按期生成多个期次。"
)


def assignment_departments(
    data: Mapping[str, Any], departments: QuerySet[Department]
) -> list[Department]:
    """The departments picked in the slots ``department_0`` … in order, blanks skipped."""
    by_pk = {str(d.pk): d for d in departments}
    chosen: list[Department] = []
    for slot in range(ASSIGNMENT_SLOTS):
        value = str(data.get(f"department_{slot}", "")).strip()
        if not value:
            continue
        if value not in by_pk:
            raise ValidationError(_("只能选择本单位的部门。"), code="foreign_department")
        chosen.append(by_pk[value])
    return chosen


def clause_label(clause: Clause) -> str:
    """A clause as the picker lists it: its key and the start of its text."""
    return f"{clause.key} {Truncator(clause.text).chars(40)}"


class TaskForm(forms.Form):
    """A task of the plan: what, which clause, which department, by when."""

    title = forms.CharField(label=_("任务名称"), max_length=200)
    clause_key = forms.ChoiceField(label=_("评分要点"), required=False)
    department = forms.ModelChoiceField(
        label=_("责任部门"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("待分配"),
    )
    due_text = forms.CharField(label=_("完成时间"), max_length=100, help_text=DUE_HINT)
    material_requirement = forms.CharField(
        label=_("资料要求"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        clauses: list[Clause],
        departments: QuerySet[Department],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        clause_field = self.fields["clause_key"]
        assert isinstance(clause_field, forms.ChoiceField)  # noqa: S101  (declared above)
        clause_field.choices = [("", "—"), *((c.key, clause_label(c)) for c in clauses)]
        department_field = self.fields["department"]
        assert isinstance(department_field, forms.ModelChoiceField)  # noqa: S101  (declared above)
        department_field.queryset = departments


class TaskEditForm(TaskForm):
    """Editing keeps the task's clause: only what, who and when change."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["clause_key"]


class AssignForm(forms.Form):
    """The department of an inherited task (待分配)."""

    department = forms.ModelChoiceField(
        label=_("责任部门"), queryset=Department.objects.none(), empty_label=_("请选择")
    )

    def __init__(self, *args: Any, departments: QuerySet[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  (declared above)
        field.queryset = departments


WHEN_CHOICES = [("", _("全部")), ("week", _("本周到期")), ("overdue", _("已逾期"))]


class TaskFilterForm(forms.Form):
    """The task page's filter: department, status, due this week or overdue."""

    department = forms.ModelChoiceField(
        label=_("责任部门"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("全部"),
    )
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *OccurrenceStatus.choices]
    )
    when = forms.ChoiceField(label=_("到期"), required=False, choices=WHEN_CHOICES)
    group = forms.ChoiceField(
        label=_("分组"),
        required=False,
        choices=[("department", _("按部门")), ("clause", _("按测评条目"))],
    )

    def __init__(self, *args: Any, departments: QuerySet[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  (declared above)
        field.queryset = departments
