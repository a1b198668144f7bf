"""Forms of appeals: the applicant's appeal, the office's answer and the window."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from wenming.domain.appeals import MAX_WORKING_DAYS

from .models import AppealOutcome


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe); the service checks each
    by its content."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return super().clean(data, initial)


class LodgeForm(forms.Form):
    reasons = forms.CharField(
        label=gettext_lazy("申诉理由"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": gettext_lazy("请填写申诉理由。")},
    )
    evidence = MultipleFileField(
        label=gettext_lazy("证明材料（可不传；PDF 或图片，最多 5 个，每个不超过 10 MB）"),
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp"}),
        required=False,
    )


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("答复结论"),
        choices=AppealOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("请选择答复结论：维持原结果或更正。")},
    )
    answer = forms.CharField(
        label=gettext_lazy("答复意见"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": gettext_lazy("请填写答复意见。")},
    )


class WindowForm(forms.Form):
    working_days = forms.IntegerField(
        label=gettext_lazy("申诉期限（排名锁定后的工作日数）"),
        min_value=1,
        max_value=MAX_WORKING_DAYS,
    )
