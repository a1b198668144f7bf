"""Forms of 随手拍: the public report (guarded as objections are: a honeypot field and a
minimum time to fill in, besides the rate limit in the view), the tracking lookup, and the
office's point, imports and routing."""

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming.publicity.forms import ObjectionForm, spam_check, started_token

from .models import Category, InspectionPoint, PointKind


class ReportForm(forms.Form):
    photo = forms.ImageField(
        label=gettext_lazy("现场照片"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    point = forms.ModelChoiceField(
        label=gettext_lazy("点位"),
        queryset=InspectionPoint.objects.none(),
        required=False,
        empty_label=gettext_lazy("— 不选点位，使用我的位置 —"),
    )
    lng = forms.DecimalField(
        required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput
    )
    lat = forms.DecimalField(
        required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput
    )
    category = forms.ChoiceField(label=gettext_lazy("问题类别"), choices=Category.choices)
    description = forms.CharField(
        label=gettext_lazy("问题描述"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    contact = forms.CharField(
        label=gettext_lazy("联系电话（可不填）"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    # The objection form's guards, one implementation: hidden field and started token.
    website = ObjectionForm.base_fields["website"]
    started = ObjectionForm.base_fields["started"]

    def __init__(self, *args: Any, points: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["point"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = points
        if not self.is_bound:
            self.initial["started"] = started_token()

    def clean(self) -> dict[str, Any]:
        return spam_check(super().clean() or {})


class TrackForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("查询码"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class PointForm(forms.ModelForm[InspectionPoint]):
    class Meta:
        model = InspectionPoint
        fields = ["name", "kind", "lng", "lat", "organization", "address", "active"]

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = organizations
        kind = self.fields["kind"]
        if isinstance(kind, forms.ChoiceField):
            kind.choices = PointKind.choices


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("文件"))


def _milestones(text: str) -> list[tuple[str, date]]:
    """Lines of "2026-06-30 拆除违建"; a wrong line is named."""
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        day, _sep, title = line.strip().partition(" ")
        try:
            due = date.fromisoformat(day)
        except ValueError:
            raise forms.ValidationError(
                _("第%(n)d行：应为“日期 阶段目标”，如 2026-06-30 完成拆除。") % {"n": number}
            ) from None
        if not title.strip():
            raise forms.ValidationError(_("第%(n)d行：缺少阶段目标。") % {"n": number})
        out.append((title.strip(), due))
    return out


class RouteForm(forms.Form):
    item_class = forms.ChoiceField(
        label=gettext_lazy("问题类别"),
        choices=[
            ("small", gettext_lazy("小问题：下达通知单，限时整改")),
            ("big", gettext_lazy("大问题：制定整改方案，分阶段推进")),
        ],
        widget=forms.RadioSelect,
        initial="small",
    )
    organization: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=gettext_lazy("责任单位"), queryset=None
    )
    deadline = forms.DateField(
        label=gettext_lazy("整改期限"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    title = forms.CharField(label=gettext_lazy("事项（可不填）"), max_length=200, required=False)
    milestones = forms.CharField(
        label=gettext_lazy("整改节点（大问题必填）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "2026-06-30 完成拆除"}),
        help_text=gettext_lazy("每行一个：日期 阶段目标"),
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = organizations

    def clean_milestones(self) -> list[tuple[str, date]]:
        return _milestones(self.cleaned_data.get("milestones", ""))
