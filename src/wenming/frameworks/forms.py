"""Forms of the framework pages."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("测评体系文件"),
        help_text=_("YAML、JSON 或按官方表格格式填写的 Excel（.xlsx）"),
    )
