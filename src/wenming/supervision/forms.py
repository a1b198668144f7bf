"""Forms of the supervision pages: they parse; the services decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wenming.domain.frameworks import CompositeFramework
from wenming.frameworks.models import Framework, FrameworkKind, FrameworkStatus
from wenming.registry.models import Organization, Region

from .models import (
    APPLYING_LABELS,
    ITEM_CLASS_LABELS,
    ItemSource,
    Ranking,
    ReviewKind,
)
from .scoring import input_fields

DATE = forms.DateInput(attrs={"type": "date"})


class ReviewForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=200)
    kind = forms.ChoiceField(label=_("类型"), choices=ReviewKind.choices)
    ranking = forms.ChoiceField(label=_("排名方式"), choices=Ranking.choices)
    office = forms.ModelChoiceField(label=_("组织单位"), queryset=Region.objects.none())
    framework = forms.ModelChoiceField(
        label=_("综合考评体系"),
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
        self.fields["office"].queryset = regions  # type: ignore[attr-defined]


class EntryAddForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("单位"), queryset=Organization.objects.none())
    applying_for = forms.ChoiceField(
        label=_("本年度申报"),
        choices=[("", _("不申报"))] + [(k.value, v) for k, v in APPLYING_LABELS.items()],
        required=False,
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]


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
    organization = forms.ModelChoiceField(label=_("单位"), queryset=Organization.objects.none())
    on = forms.DateField(label=_("日期"), widget=DATE)
    kind = forms.ChoiceField(label=_("情况"))
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args: Any, organizations: Any, kinds: dict[str, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["kind"].choices = list(kinds.items())  # type: ignore[attr-defined]


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
    leader = forms.ModelChoiceField(label=_("分管领导（老问题）"), queryset=None, required=False)  # type: ignore[arg-type]
    milestones = forms.CharField(
        label=_("整改节点（大问题）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一个：日期 阶段目标，如“2026-07-31 完成方案”"),
    )

    def __init__(self, *args: Any, organizations: Any, leaders: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["leader"].queryset = leaders  # type: ignore[attr-defined]

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
        self.fields["criticized"].queryset = organizations  # type: ignore[attr-defined]


class TitleEndForm(forms.Form):
    status = forms.ChoiceField(
        label=_("处理"), choices=[("revoked", _("撤销")), ("downgraded", _("降级"))]
    )
    ended_on = forms.DateField(label=_("日期"), widget=DATE)
    reason = forms.CharField(label=_("原因"), max_length=200)
    document = forms.CharField(label=_("文号"), max_length=100)
