"""The central review form: one finding (达标 / 不达标 / not yet) and reason per condition."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wenming.domain.checklists import Checklist

from .services import REASON_MAX

MET, UNMET, OPEN = "met", "unmet", ""
CHOICES = [(MET, _("达标")), (UNMET, _("不达标")), (OPEN, _("暂未认定"))]


class ReviewForm(forms.Form):
    """One finding and one reason field per condition of ``checklist``, and a comment."""

    comment = forms.CharField(
        label=_("审核意见"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, checklist: Checklist, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.checklist = checklist
        for condition in checklist.conditions():
            self.fields[f"c_{condition.key}"] = forms.ChoiceField(
                label=condition.text, choices=CHOICES, required=False, widget=forms.RadioSelect
            )
            self.fields[f"r_{condition.key}"] = forms.CharField(
                label=_("不达标理由"), required=False, max_length=REASON_MAX
            )

    def findings(self) -> dict[str, bool]:
        """Condition key → met, for the conditions given a finding (达标 or 不达标)."""
        data = self.cleaned_data
        return {
            c.key: data[f"c_{c.key}"] == MET
            for c in self.checklist.conditions()
            if data.get(f"c_{c.key}") in (MET, UNMET)
        }

    def reasons(self) -> dict[str, str]:
        """Condition key → the reason typed (the service keeps those of unmet ones)."""
        return {c.key: self.cleaned_data.get(f"r_{c.key}", "") for c in self.checklist.conditions()}

    def sections(self, evidence: dict[str, list[Any]]) -> list[dict[str, Any]]:
        """The form's fields grouped as the standard is: heading → conditions, each with
        the evidence the family gave for it."""
        return [
            {
                "item": item,
                "rows": [
                    (c, self[f"c_{c.key}"], self[f"r_{c.key}"], evidence.get(c.key, []))
                    for c in item.conditions
                ],
            }
            for item in self.checklist.items
        ]


def initial_for(findings: dict[str, bool], reasons: dict[str, str], comment: str) -> dict[str, str]:
    """The form's initial values from a saved review."""
    initial = {f"c_{k}": (MET if met else UNMET) for k, met in findings.items()}
    initial |= {f"r_{k}": text for k, text in reasons.items()}
    initial["comment"] = comment
    return initial
