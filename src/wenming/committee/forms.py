"""Forms of the committee pages."""

from django import forms
from django.utils.translation import gettext_lazy as _


class MeetingForm(forms.Form):
    held_on = forms.DateField(
        label=_("会议日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    place = forms.CharField(label=_("会议地点"), max_length=200, required=False)
    names = forms.CharField(
        label=_("其他委员（每行一人）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("持有文明委委员角色的用户自动列为委员；未在系统中登记的委员在此录入。"),
    )

    def member_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["names"].splitlines() if line.strip()]


class VoteForm(forms.Form):
    application = forms.IntegerField(required=False, widget=forms.HiddenInput)
    votes_for = forms.IntegerField(label=_("赞成"), min_value=0)
    votes_against = forms.IntegerField(label=_("反对"), min_value=0)
    abstentions = forms.IntegerField(label=_("弃权"), min_value=0)


class NamingForm(forms.Form):
    document_number = forms.CharField(
        label=_("命名文号"),
        max_length=100,
        required=False,
        help_text=_("留空则按本办发文设置自动编号，如清文明办〔2026〕12号。"),
    )
    named_on = forms.DateField(
        label=_("命名日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    naming_body = forms.CharField(label=_("命名机关"), max_length=100)


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("证书验证码"), max_length=40)
