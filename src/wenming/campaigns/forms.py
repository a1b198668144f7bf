"""Forms of the campaign pages."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wenming.domain.frameworks import BonusRule
from wenming.frameworks.models import Framework, FrameworkKind, FrameworkStatus

from .models import ClaimKind, EvidenceKind
from .selectors.claims import claim_kind


class ExtendForm(forms.Form):
    closes_at = forms.DateTimeField(
        label=_("新的截止时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    reason = forms.CharField(label=_("延期原因"), max_length=500)


class AwardFrameworkForm(forms.Form):
    """Another framework version for an award: any framework in use (the service refuses
    one of another category, naming both)."""

    framework = forms.ModelChoiceField(
        label=_("测评体系"),
        queryset=Framework.objects.filter(status=FrameworkStatus.IN_USE)
        .exclude(kind=FrameworkKind.COMPOSITE)
        .order_by("category", "code", "-version"),
        empty_label=None,
    )


class StartForm(forms.Form):
    justification = forms.CharField(
        label=_("破格理由"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FormStatisticsForm(forms.Form):
    staff_count = forms.IntegerField(label=_("职工人数"), min_value=0, required=False)
    party_members = forms.IntegerField(label=_("在职党员数"), min_value=0, required=False)
    registered_volunteers = forms.IntegerField(label=_("注册志愿者数"), min_value=0, required=False)
    party_member_volunteers = forms.IntegerField(
        label=_("党员注册志愿者数"), min_value=0, required=False
    )
    volunteers_served = forms.IntegerField(label=_("参与服务志愿者数"), min_value=0, required=False)


class SelfMarkForm(forms.Form):
    points = forms.DecimalField(label=_("自评分"), min_value=0, max_digits=6, decimal_places=2)
    narrative = forms.CharField(
        label=_("自评说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("材料类型"), choices=EvidenceKind.choices)
    file = forms.FileField(label=_("文件"))
    activity = forms.CharField(label=_("活动名称"), required=False, max_length=200)
    caption_time = forms.CharField(label=_("时间"), required=False, max_length=100)
    caption_place = forms.CharField(label=_("地点"), required=False, max_length=100)
    caption_organizer = forms.CharField(label=_("组织单位"), required=False, max_length=100)
    caption_theme = forms.CharField(label=_("活动主题"), required=False, max_length=200)
    caption_participants = forms.CharField(label=_("参与人员"), required=False, max_length=200)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回原因"), max_length=500)


class CopyForm(forms.Form):
    edition = forms.IntegerField(label=_("新届次"), min_value=1, max_value=99)
    name = forms.CharField(label=_("名称"), max_length=200)
    years = forms.IntegerField(
        label=_("时间顺延（年）"),
        min_value=0,
        max_value=5,
        initial=2,
        help_text=_("各阶段时间整体后移的年数"),
    )


FLOOR_LABELS = {
    "village_town": _("文明村镇（省级实地抽查，%）"),
    "community": _("文明社区（省级实地抽查，%）"),
    "unit": _("文明单位（省级实地抽查，%）"),
    "campus": _("文明校园（省级实地抽查，%）"),
    "recheck": _("市级复核（全部申报，%）"),
}


class FloorsForm(forms.Form):
    """The campaign's sampling floors, entered as percentages (30 for 30%)."""

    def __init__(self, *args: Any, floors: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in FLOOR_LABELS.items():
            self.fields[key] = forms.DecimalField(
                label=label,
                min_value=0,
                max_value=100,
                decimal_places=1,
                initial=(Decimal(floors.get(key, "0")) * 100).quantize(Decimal("0.1")),
                widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
            )

    def ratios(self) -> dict[str, Decimal]:
        return {key: value / 100 for key, value in self.cleaned_data.items()}


class StageCloseForm(forms.Form):
    reason = forms.CharField(
        label=_("提前结束原因"),
        max_length=500,
        required=False,
        help_text=_("截止时间之前结束本阶段时必填"),
    )


class StageOpenForm(forms.Form):
    closes_at = forms.DateTimeField(
        label=_("截止时间"),
        required=False,
        help_text=_("留空则沿用原定截止时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )


class BonusClaimForm(forms.Form):
    """A claim under one bonus item. Every field is optional here: the service says, in
    words, what a claim lacks (``campaigns.services.claims``)."""

    level = forms.CharField(label=_("级别"), required=False, widget=forms.Select)
    title = forms.CharField(label=_("荣誉称号名称"), max_length=200, required=False)
    granting_body = forms.CharField(label=_("授予机关"), max_length=100, required=False)
    outlet = forms.CharField(label=_("推介媒体或会议"), max_length=200, required=False)
    document_number = forms.CharField(label=_("文号"), max_length=100, required=False)
    dated = forms.DateField(
        label=_("发文日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    content_key = forms.CharField(
        label=_("经验内容"),
        max_length=100,
        required=False,
        help_text=_("同一内容的创建经验只按最高分加一次，请用同一名称标明"),
    )
    evidence_kind = forms.ChoiceField(
        label=_("材料类型"), choices=EvidenceKind.choices, required=False
    )
    file = forms.FileField(label=_("佐证材料"), required=False)

    def __init__(self, *args: Any, rule: BonusRule, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rule = rule
        self.fields["level"].widget.choices = [("", "—")] + [
            (level.level, level.text or level.level) for level in rule.levels
        ]
        if claim_kind(rule) == ClaimKind.HONOR:
            del self.fields["outlet"], self.fields["content_key"]
            self.fields["evidence_kind"].initial = EvidenceKind.OFFICIAL_DOCUMENT
        else:
            del self.fields["granting_body"]
            self.fields["title"].label = _("推介的创建经验")
            self.fields["dated"].label = _("推介或发言日期")
            self.fields["evidence_kind"].initial = EvidenceKind.MEDIA_SCREENSHOT
            if not rule.once_per_content:
                del self.fields["content_key"]


class ClaimDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("confirm", _("确认")), ("reject", _("不予认定"))], required=False
    )
    reason = forms.CharField(label=_("认定意见"), max_length=500, required=False)
