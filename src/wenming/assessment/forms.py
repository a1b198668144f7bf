"""Forms of the office's and the assessors' pages."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wenming.domain.scoring import Aggregation
from wenming.registry.people import PersonField

from .models import AGGREGATION_LABELS, Round, RoundKind, StratumKind

#: Rows offered for the numbers of people present at the draw (none, or two or more).
WITNESS_ROWS = 5


class RoundForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=RoundKind.choices)
    name = forms.CharField(label=_("名称"), max_length=200, required=False)
    weight = forms.DecimalField(label=_("权重"), min_value=0, max_digits=5, decimal_places=2)
    aggregation = forms.ChoiceField(
        label=_("多人评分合成"),
        choices=[(a.value, label) for a, label in AGGREGATION_LABELS.items()],
        initial=Aggregation.MEAN.value,
    )
    # Label, help text and default as the round's own fields say them.
    normalize_marks = Round._meta.get_field("normalize_marks").formfield()
    disagreement_margin = Round._meta.get_field("disagreement_margin").formfield()


class ComparisonForm(forms.Form):
    """A round's assessor-comparison settings, changed after it is created."""

    normalize_marks = RoundForm.base_fields["normalize_marks"]
    disagreement_margin = RoundForm.base_fields["disagreement_margin"]


class GroupForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    phase = forms.IntegerField(label=_("批次"), min_value=1, initial=1)
    home_county = forms.TypedChoiceField(label=_("所属县市区"), coerce=int, required=False)


class MemberForm(forms.Form):
    group = forms.TypedChoiceField(label=_("考核组"), coerce=int)
    user = PersonField(label=_("考核人员"), kind="assessor")
    is_leader = forms.BooleanField(label=_("组长"), required=False)


class ConflictForm(forms.Form):
    application = forms.TypedChoiceField(label=_("申报单位"), coerce=int)
    group = forms.TypedChoiceField(label=_("回避的考核组"), coerce=int)
    reason = forms.CharField(label=_("回避原因"), max_length=300)


class MoveForm(forms.Form):
    assignment = forms.IntegerField(widget=forms.HiddenInput)
    group = forms.TypedChoiceField(label=_("调整到"), coerce=int)


class SamplingForm(forms.Form):
    stratum_kind = forms.ChoiceField(label=_("分层方式"), choices=StratumKind.choices)
    default_ratio = forms.DecimalField(
        label=_("抽查比例"), min_value=0, max_value=1, max_digits=4, decimal_places=3
    )


class CommitForm(forms.Form):
    """The list's publication: the public draw named in advance, its date, and the
    numbers of the people present (optional rows), all fixed before the draw is known."""

    seed_source = Round._meta.get_field("seed_source").formfield(required=True)
    seed_draw_on = forms.DateField(
        label=_("开奖日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("公开开奖的日期，不早于今天；该日之前不能抽取"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, WITNESS_ROWS + 1):
            self.fields[f"witness_name_{n}"] = forms.CharField(
                label=_("现场人员%(n)s 姓名") % {"n": n}, max_length=50, required=False
            )
            self.fields[f"witness_numbers_{n}"] = forms.CharField(
                label=_("现场人员%(n)s 号码") % {"n": n}, max_length=100, required=False
            )

    def witnesses(self) -> list[tuple[str, str]]:
        """The (name, numbers) rows as posted; the service checks them."""
        data = self.data
        return [
            (data.get(f"witness_name_{n}", ""), data.get(f"witness_numbers_{n}", ""))
            for n in range(1, WITNESS_ROWS + 1)
        ]

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"witness_name_{n}"], self[f"witness_numbers_{n}"])
            for n in range(1, WITNESS_ROWS + 1)
        ]


class DrawForm(forms.Form):
    """The public draw's numbers, entered after it; nothing else goes into the seed now."""

    public_numbers = forms.CharField(
        label=_("开奖号码"),
        max_length=200,
        help_text=_("按公布的顺序录入，数字之间用空格或逗号隔开"),
    )


def offer(form: forms.Form, name: str, choices: Sequence[tuple[Any, str]]) -> None:
    """Give one choice field of ``form`` its choices, known only once the round is."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is not a choice field")
    field.choices = choices
