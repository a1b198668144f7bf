"""Forms of the supervision pages: they parse; the services decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wenming.accounts.models import User
from wenming.domain.frameworks import CompositeFramework
from wenming.frameworks.models import Framework, FrameworkKind, FrameworkStatus
from wenming.registry.models import LEVEL_LABELS, Organization, Region
from wenming.registry.people import PersonField, person_field
from wenming.visits.models import Group

from .models import (
    APPLYING_LABELS,
    ITEM_CLASS_LABELS,
    ItemSource,
    Ranking,
    ReviewKind,
)
from .scoring import input_fields

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def model_field(form: forms.Form, name: str) -> "forms.ModelChoiceField[Any]":
    """The form's model-choice field ``name``, to give it its choices when the form is
    made (they depend on who asks)."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is not a model choice field")
    return field


class ReviewForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=200)
    kind = forms.ChoiceField(label=_("类型"), choices=ReviewKind.choices)
    ranking = forms.ChoiceField(label=_("排名方式"), choices=Ranking.choices)
    office = forms.ModelChoiceField(
        label=_("组织单位"), queryset=Region.objects.none(), empty_label=_("请选择")
    )
    framework = forms.ModelChoiceField(
        label=_("综合考评体系"),
        empty_label=_("请选择"),
        queryset=Framework.objects.filter(
            kind=FrameworkKind.COMPOSITE, status=FrameworkStatus.IN_USE
        ),
    )
    period_start = forms.DateField(label=_("考核期开始"), widget=DATE)
    period_end = forms.DateField(label=_("考核期结束"), widget=DATE)
    fund = forms.DecimalField(label=_("本期奖励资金（元）"), required=False, min_value=0)
    bottom_n = forms.IntegerField(label=_("取消奖励的末位名次数"), initial=20, min_value=0)
    top_n = forms.IntegerField(label=_("二次奖励的前列名次数"), initial=3, min_value=0)
    top_share = forms.DecimalField(
        label=_("二次奖励占资金比例"), initial="0.2", min_value=0, max_value=1
    )

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_field(self, "office").queryset = regions


class EntryAddForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("单位"), queryset=Organization.objects.none(), empty_label=_("请选择单位")
    )
    applying_for = forms.ChoiceField(
        label=_("本年度申报"),
        choices=[("", _("不申报"))] + [(k.value, v) for k, v in APPLYING_LABELS.items()],
        required=False,
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_field(self, "organization").queryset = organizations


def entry_score_form(
    composite: CompositeFramework, data: Any = None, initial: Any = None
) -> forms.Form:
    """A form with one 0..100 field per entered value of the framework."""
    form = forms.Form(data, initial=initial)
    for key, label in input_fields(composite):
        form.fields[key] = forms.DecimalField(
            label=label, required=False, min_value=0, max_value=100, decimal_places=4
        )
    form.fields["strengths"] = forms.CharField(
        label=_("亮点"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    form.fields["problems"] = forms.CharField(
        label=_("问题"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    return form


class DutyRecordForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("单位"), queryset=Organization.objects.none(), empty_label=_("请选择单位")
    )
    on = forms.DateField(label=_("日期"), widget=DATE)
    kind = forms.ChoiceField(label=_("情况"))
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(
        self, *args: Any, organizations: Any, kinds: dict[str, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        model_field(self, "organization").queryset = organizations
        self.kind_field.choices = list(kinds.items())

    @property
    def kind_field(self) -> forms.ChoiceField:
        kind = self.fields["kind"]
        if not isinstance(kind, forms.ChoiceField):
            raise TypeError("kind is not a choice field")
        return kind


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))


class ItemForm(forms.Form):
    title = forms.CharField(label=_("事项"), max_length=200)
    description = forms.CharField(
        label=_("问题描述"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    source = forms.ChoiceField(label=_("来源"), choices=ItemSource.choices)
    source_reference = forms.CharField(label=_("来源编号"), max_length=100, required=False)
    organization = forms.ModelChoiceField(label=_("责任单位"), queryset=Organization.objects.none())
    item_class = forms.ChoiceField(
        label=_("问题类别"), choices=[(k.value, v) for k, v in ITEM_CLASS_LABELS.items()]
    )
    deadline = forms.DateField(label=_("整改期限"), widget=DATE)
    leader = PersonField(
        label=_("分管领导（老问题）"),
        kind="leader",
        required=False,
        help_text=_("不提交领导时留空。"),
    )
    milestones = forms.CharField(
        label=_("整改节点（大问题）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一个：日期 阶段目标，如“2026-07-31 完成方案”"),
    )

    def __init__(self, *args: Any, organizations: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_field(self, "organization").queryset = organizations
        model_field(self, "organization").empty_label = _("请选择责任单位")
        person_field(self, "leader", user)

    def clean_milestones(self) -> list[tuple[str, Any]]:
        result = []
        for number, line in enumerate(self.cleaned_data["milestones"].splitlines(), start=1):
            if not line.strip():
                continue
            day, _sep, title = line.strip().partition(" ")
            try:
                due = forms.DateField().clean(day)
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    _("第 %(n)d 行的日期无法识别。") % {"n": number}
                ) from error
            result.append((title.strip() or day, due))
        return result


class FeedbackForm(forms.Form):
    feedback = forms.CharField(label=_("整改反馈"), widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(forms.Form):
    result = forms.CharField(
        label=_("办理结果"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class BulletinForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    addressees = forms.CharField(label=_("主送"), max_length=200, required=False)
    opening = forms.CharField(
        label=_("开头（考核情况）"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    strengths = forms.CharField(
        label=_("主要特点"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    problems = forms.CharField(
        label=_("存在问题"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    requirements = forms.CharField(
        label=_("下一步要求"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    issuing_office = forms.CharField(label=_("发文机关"), max_length=100)
    issued_on = forms.DateField(label=_("发文日期"), widget=DATE)
    rectification_days = forms.IntegerField(label=_("整改报告期限（日）"), initial=10, min_value=1)
    criticized = forms.ModelMultipleChoiceField(
        label=_("被通报整改单位"), queryset=Organization.objects.none(), required=False
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_field(self, "criticized").queryset = organizations


class TitleEndForm(forms.Form):
    status = forms.ChoiceField(
        label=_("处理"), choices=[("revoked", _("撤销")), ("downgraded", _("降级"))]
    )
    ended_on = forms.DateField(label=_("日期"), widget=DATE)
    reason = forms.CharField(label=_("原因"), max_length=200)
    document = forms.CharField(label=_("文号"), max_length=100)
    new_level = forms.ChoiceField(
        label=_("降为（级别）"),
        choices=[("", _("不登记新称号"))] + [(k.value, v) for k, v in LEVEL_LABELS.items()],
        required=False,
        help_text=_("降级时填写：降级后保留的称号，记入称号历史。"),
    )
    new_model = forms.BooleanField(label=_("降为标兵"), required=False)
    naming_body = forms.CharField(
        label=_("降级决定机关"),
        max_length=100,
        required=False,
        help_text=_("降级并登记新称号时必填，如“市文明委”。"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_level") and data.get("status") != "downgraded":
            self.add_error("new_level", _("只有降级才登记降级后的称号。"))
        if data.get("new_level") and not (data.get("naming_body") or "").strip():
            self.add_error("naming_body", _("请填写降级决定机关。"))
        return data


class GroupForm(forms.Form):
    name = forms.CharField(label=_("考核组名称"), max_length=100)


class MemberForm(forms.Form):
    group: forms.ModelChoiceField[Group] = forms.ModelChoiceField(
        label=_("考核组"), queryset=Group.objects.none()
    )
    user = PersonField(label=_("考核人员"), kind="assessor")
    is_leader = forms.BooleanField(label=_("任组长"), required=False)

    def __init__(self, *args: Any, groups: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_field(self, "group").queryset = groups
        model_field(self, "group").empty_label = _("请选择考核组")
        person_field(self, "user", user)


def parse_plans(
    data: Any, entries: list[Any], groups: dict[int, Any]
) -> tuple[dict[int, tuple[Any, Any]], list[str]]:
    """Each entry's group and visit date from the plan table's ``group_<id>`` and
    ``visited_on_<id>`` fields; the errors name the organization of the row."""
    plans: dict[int, tuple[Any, Any]] = {}
    errors: list[str] = []
    for entry in entries:
        group_text = data.get(f"group_{entry.pk}", "")
        day_text = data.get(f"visited_on_{entry.pk}", "")
        group = None
        if group_text:
            group = groups.get(int(group_text)) if group_text.isdigit() else None
            if group is None:
                errors.append(
                    str(_("%(org)s：请选择本次考核的考核组。") % {"org": entry.organization.name})
                )
                continue
        day = None
        if day_text:
            try:
                day = forms.DateField().clean(day_text)
            except forms.ValidationError:
                errors.append(
                    str(_("%(org)s：实地考核日期无法识别。") % {"org": entry.organization.name})
                )
                continue
        plans[entry.pk] = (group, day)
    return plans, errors
