"""Forms of the work rules' pages."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.registry.models import Body

from .models import (
    MEETING_KIND_CHOICES,
    RANK_CHOICES,
    LiaisonOfficer,
    ReportKind,
    TrainingKind,
)


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("会议类型"), choices=MEETING_KIND_CHOICES)
    title = forms.CharField(label=_("会议名称"), max_length=200)
    held_on = _date(_("会议日期"))
    place = forms.CharField(label=_("会议地点"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("会议内容"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    names = forms.CharField(
        label=_("其他委员（每行一人）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("持有文明委委员角色的用户自动列为委员；未在系统中登记的委员在此录入。"),
    )

    def member_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["names"].splitlines() if line.strip()]


class PaperForm(forms.Form):
    title = forms.CharField(label=_("材料名称"), max_length=200)
    text = forms.CharField(
        label=_("内容"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(label=_("文件（PDF、Word或图片）"), required=False)


class LeaveForm(forms.Form):
    reason = forms.CharField(label=_("请假事由"), max_length=200)
    opinion = forms.CharField(
        label=_("对会议拟定事项的书面意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("会议纪要"), widget=forms.Textarea(attrs={"rows": 5}))


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("议定事项"), widget=forms.Textarea(attrs={"rows": 2}))


class TaskForm(forms.Form):
    body = forms.ModelChoiceField(label=_("成员单位"), queryset=Body.objects.none(), required=False)
    task = forms.CharField(label=_("任务"), max_length=200, required=False)
    deadline = _date(_("完成时限"), required=False)

    def __init__(self, *args: Any, units: QuerySet[Body] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            field = self.fields["body"]
            assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  (declared above)
            field.queryset = units

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = [bool(data.get(k)) for k in ("body", "task", "deadline")]
        if any(filled) and not all(filled):
            raise forms.ValidationError(_("每项任务须选择成员单位，填写任务和完成时限。"))
        return data


TaskFormSet = forms.formset_factory(TaskForm, extra=4, max_num=30)


class OfficerForm(forms.ModelForm[LiaisonOfficer]):
    rank = forms.ChoiceField(
        label=_("职级"), choices=RANK_CHOICES, help_text=_("联络员须由正科级以上干部担任。")
    )

    class Meta:
        model = LiaisonOfficer
        fields = ["name", "rank", "position", "office_phone", "mobile", "email", "started_on"]
        widgets = {"started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class OfficerLeaveForm(forms.Form):
    left_on = _date(_("离任日期"))
    reason = forms.CharField(label=_("离任原因"), max_length=200)


class ReportForm(forms.Form):
    body = forms.ModelChoiceField(label=_("报送单位"), queryset=Body.objects.none())
    kind = forms.ChoiceField(label=_("信息类别"), choices=ReportKind.choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    content = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 8}))
    file = forms.FileField(label=_("附件（可选：PDF、Word或图片）"), required=False)

    def __init__(self, *args: Any, units: QuerySet[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["body"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  (declared above)
        field.queryset = units
        if units.count() == 1:
            field.initial = units.first()


class DecideForm(forms.Form):
    adopted = forms.TypedChoiceField(
        label=_("是否采用"),
        choices=[("1", _("采用")), ("0", _("不采用"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    in_briefing = forms.BooleanField(label=_("编入《精神文明建设工作简报》"), required=False)
    reported_up = forms.BooleanField(label=_("上报市委、市政府和上级文明办"), required=False)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("季度"),
        choices=[
            ("", _("全年")),
            ("1", _("第一季度")),
            ("2", _("第二季度")),
            ("3", _("第三季度")),
            ("4", _("第四季度")),
        ],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def period(self) -> tuple[int, int | None]:
        if self.is_valid():
            return self.cleaned_data["year"], self.cleaned_data["quarter"]
        return timezone.localdate().year, None


class BulletinForm(forms.Form):
    title = forms.CharField(
        label=_("标题"), max_length=200, required=False, help_text=_("留空则按统计期间生成。")
    )
    addressees = forms.CharField(label=_("主送"), max_length=200, required=False)
    opening = forms.CharField(
        label=_("开头"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    requirements = forms.CharField(
        label=_("下一步要求"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    issued_on = _date(_("成文日期"))


class OfficerChoices(forms.ModelMultipleChoiceField[LiaisonOfficer]):
    def label_from_instance(self, obj: LiaisonOfficer) -> str:
        return f"{obj.name}（{obj.body.name}）"


class TrainingForm(forms.Form):
    kind = forms.ChoiceField(label=_("培训方式"), choices=TrainingKind.choices)
    topic = forms.CharField(label=_("主题"), max_length=200)
    held_on = _date(_("日期"))
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    speaker = forms.CharField(label=_("主讲"), max_length=100, required=False)
    attendees = OfficerChoices(
        label=_("参加人员"),
        queryset=LiaisonOfficer.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, officers: QuerySet[LiaisonOfficer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["attendees"]
        assert isinstance(field, OfficerChoices)  # noqa: S101  (declared above)
        field.queryset = officers
