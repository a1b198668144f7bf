"""Forms of screening: sending the list, and a department's answers on one page."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming.campaigns.models import Application

from .documents import check_pdf
from .models import Verdict
from .services import AnswerInput


class ApplicationsField(forms.ModelMultipleChoiceField[Application]):
    """Applications to tick, each shown by its organization and award."""

    def label_from_instance(self, obj: Application) -> str:
        return f"{obj.organization.name} · {obj.award.label}"


class SendForm(forms.Form):
    deadline = forms.DateTimeField(
        label=gettext_lazy("答复截止时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    applications = ApplicationsField(
        label=gettext_lazy("征求意见名单"),
        queryset=Application.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, assessed: QuerySet[Application], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_ = self.fields["applications"]
        if not isinstance(field_, ApplicationsField):
            raise TypeError("applications is not an ApplicationsField")
        field_.queryset = assessed
        field_.initial = [a.pk for a in assessed]


@dataclass
class ParsedAnswers:
    """The rows a department filled in, and a message for each row that is wrong."""

    answers: list[AnswerInput] = field(default_factory=list)
    errors: dict[int, str] = field(default_factory=dict)


def parse_answers(
    data: QueryDict,
    files: MultiValueDict[str, UploadedFile[Any]],
    application_ids: Sequence[int],
    *,
    from_letter: bool = False,
) -> ParsedAnswers:
    """Read the rows ``verdict-<id>``, ``reason-<id>``, ``document-<id>``; blank rows are
    left for later, a veto without its reason or a PDF is refused on its own row. Rows
    entered from a department's letter (``from_letter``) have the letter as document."""
    parsed = ParsedAnswers()
    for app_id in application_ids:
        verdict = data.get(f"verdict-{app_id}", "")
        if not verdict:
            continue
        reason = data.get(f"reason-{app_id}", "").strip()
        upload = files.get(f"document-{app_id}")
        document = None
        if verdict not in Verdict.values:
            parsed.errors[app_id] = _("请选择“无异议”或“一票否决”。")
            continue
        if verdict == Verdict.VETO:
            if not reason:
                parsed.errors[app_id] = _("一票否决须填写书面理由。")
                continue
            if from_letter:
                parsed.answers.append(AnswerInput(app_id, verdict, reason))
                continue
            if upload is None:
                parsed.errors[app_id] = _("一票否决须上传依据文件（PDF）。")
                continue
            try:
                document = check_pdf(upload, upload.name or "document.pdf")
            except ValidationError as error:
                parsed.errors[app_id] = " ".join(error.messages)
                continue
        parsed.answers.append(AnswerInput(app_id, verdict, reason, document))
    return parsed


class LetterForm(forms.Form):
    """The department's paper reply the office enters (代录): its number and its scan."""

    document_number = forms.CharField(
        label=gettext_lazy("复函文号"), max_length=100, required=False
    )
    letter = forms.FileField(
        label=gettext_lazy("复函扫描件（PDF）"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def clean_letter(self) -> Any:
        upload = self.cleaned_data["letter"]
        return check_pdf(upload, upload.name or "letter.pdf")
