"""Forms of publicity: publishing, the public's objection (with its spam guards), the
office's decision, and a holiday year."""

import time
from datetime import date
from typing import Any

from django import forms
from django.core import signing
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MIN_SECONDS = 3  # people take longer than this to write an objection; robots do not
MAX_AGE = 6 * 3600
_SALT = "publicity.objection.started"


def started_token(at: float | None = None) -> str:
    """A signed note of when the form was shown, checked on submit."""
    return signing.dumps(at if at is not None else time.time(), salt=_SALT)


class PublishForm(forms.Form):
    starts_on = forms.DateField(
        label=gettext_lazy("公示开始日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    contact_phone = forms.CharField(label=gettext_lazy("异议受理电话"), max_length=50)
    contact_address = forms.CharField(
        label=gettext_lazy("来信地址"), max_length=200, required=False
    )


class ObjectionForm(forms.Form):
    application = forms.TypedChoiceField(label=gettext_lazy("被反映单位"), coerce=int)
    reasons = forms.CharField(
        label=gettext_lazy("异议理由"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )
    contact_name = forms.CharField(
        label=gettext_lazy("姓名（可不填）"), max_length=50, required=False
    )
    contact = forms.CharField(
        label=gettext_lazy("联系电话"),
        max_length=100,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    # Hidden from people by CSS; a robot filling every field fills this one too.
    website = forms.CharField(
        required=False,
        label=gettext_lazy("请勿填写"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_ = self.fields["application"]
        if not isinstance(field_, forms.ChoiceField):
            raise TypeError("application is not a choice field")
        field_.choices = [("", "—"), *choices]
        if not self.is_bound:
            self.initial["started"] = started_token()

    def clean(self) -> dict[str, Any]:
        return spam_check(super().clean() or {})


def spam_check(data: dict[str, Any]) -> dict[str, Any]:
    """The public forms' guards (objections, 随手拍): the hidden ``website`` field left
    empty, and the signed ``started`` time neither stale nor too recent."""
    if data.get("website"):
        raise forms.ValidationError(_("提交未成功，请稍后重试。"), code="honeypot")
    try:
        started = float(signing.loads(data.get("started", ""), salt=_SALT, max_age=MAX_AGE))
    except (signing.BadSignature, TypeError, ValueError):
        raise forms.ValidationError(_("页面已过期，请刷新后重新填写。"), code="expired") from None
    if time.time() - started < MIN_SECONDS:
        raise forms.ValidationError(_("提交过快，请核对内容后再提交。"), code="too_fast")
    return data


class DecideForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=gettext_lazy("核实结论"),
        choices=[("1", gettext_lazy("异议成立")), ("0", gettext_lazy("异议不成立"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reply = forms.CharField(
        label=gettext_lazy("调查核实情况及答复"), widget=forms.Textarea(attrs={"rows": 4})
    )


def _parse_dates(text: str) -> list[date]:
    values = [v for v in text.replace("，", ",").replace(",", " ").split() if v]
    try:
        return [date.fromisoformat(v) for v in values]
    except ValueError as error:
        raise forms.ValidationError(
            _("日期格式应为 YYYY-MM-DD，每行或以空格分隔一个。"), code="date"
        ) from error


class HolidayYearForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年份"), min_value=2000, max_value=2100)
    document_number = forms.CharField(label=gettext_lazy("放假通知文号"), max_length=100)
    days_off = forms.CharField(
        label=gettext_lazy("放假日期"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("每行一个日期，如 2027-10-01"),
    )
    makeup_workdays = forms.CharField(
        label=gettext_lazy("调休上班日期"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def clean_days_off(self) -> list[date]:
        return _parse_dates(self.cleaned_data["days_off"])

    def clean_makeup_workdays(self) -> list[date]:
        return _parse_dates(self.cleaned_data.get("makeup_workdays", ""))
