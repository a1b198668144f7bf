"""Forms of the campaign pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EvidenceKind


class ExtendForm(forms.Form):
    closes_at = forms.DateTimeField(
        label=_("新的截止时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    reason = forms.CharField(label=_("延期原因"), max_length=500)


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
