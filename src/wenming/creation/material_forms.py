"""Forms of a task occurrence's material: the upload with its photo captions (the
volunteer fields for volunteer activities), and the comment of a sign-off or return."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wenming.campaigns.evidence_messages import caption_label
from wenming.domain.evidence import CaptionField

from .models import MaterialKind

#: The captions every photo states, then those only volunteer activities state.
CAPTIONS = (
    CaptionField.TIME,
    CaptionField.PLACE,
    CaptionField.ORGANIZER,
    CaptionField.THEME,
    CaptionField.PARTICIPANTS,
)
VOLUNTEER_CAPTIONS = (CaptionField.VOLUNTEERS, CaptionField.SERVED, CaptionField.SERVICE)


class MaterialForm(forms.Form):
    kind = forms.ChoiceField(label=_("材料类型"), choices=MaterialKind.choices)
    file = forms.FileField(label=_("文件"))
    activity = forms.CharField(label=_("活动名称"), max_length=200, required=False)
    volunteer = forms.BooleanField(label=_("志愿服务活动"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = "image/jpeg,.jpg,.jpeg,.pdf,.docx,.txt,.png"
        self.fields["volunteer"].widget.attrs["data-volunteer-toggle"] = "1"
        for field in (*CAPTIONS, *VOLUNTEER_CAPTIONS):
            self.fields[f"caption_{field.value}"] = forms.CharField(
                label=caption_label(field.value), max_length=200, required=False
            )

    def captions(self) -> dict[str, str]:
        """The caption fields given, by the rules' names (volunteer fields only when ticked)."""
        fields = CAPTIONS + (VOLUNTEER_CAPTIONS if self.cleaned_data.get("volunteer") else ())
        return {
            f.value: self.cleaned_data[f"caption_{f.value}"]
            for f in fields
            if self.cleaned_data.get(f"caption_{f.value}")
        }

    def caption_fields(self) -> list[forms.BoundField]:
        return [self[f"caption_{f.value}"] for f in CAPTIONS]

    def volunteer_fields(self) -> list[forms.BoundField]:
        return [self[f"caption_{f.value}"] for f in VOLUNTEER_CAPTIONS]


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("意见"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
