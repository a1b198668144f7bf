"""The office's template form: the wording of one event, checked as it is typed."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import rendering


class TemplateForm(forms.Form):
    subject = forms.CharField(label=_("标题模板"), max_length=200)
    body = forms.CharField(label=_("正文模板"), widget=forms.Textarea(attrs={"rows": 8}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("subject", "body"):
            if name in data:
                try:
                    rendering.compile_template(data[name])
                except ValidationError as error:
                    self.add_error(name, error)
        return data
