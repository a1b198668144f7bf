"""Forms of the 文明城市 pages: the settings, the survey upload, a county's review and
questionnaire. The services check everything again; the forms give the fields."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wenming.campaigns.models import Campaign
from wenming.domain.cities import PARTS, QUESTIONNAIRE, REVIEW, SURVEY
from wenming.domain.frameworks import Framework

WEIGHT_LABELS = {
    SURVEY: _("实地测评权重"),
    REVIEW: _("材料审核权重"),
    QUESTIONNAIRE: _("问卷调查权重"),
}


def _decimal_widget(step: str = "0.01") -> forms.NumberInput:
    return forms.NumberInput(attrs={"step": step, "inputmode": "decimal"})


class SettingsForm(forms.Form):
    """The weights as percentages (60 for 60%) and the two shares."""

    named = forms.IntegerField(label=_("文明城市名额"), min_value=0, max_value=999)
    nominated = forms.IntegerField(label=_("提名城市名额"), min_value=0, max_value=999)

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        weights = campaign.city_weights
        for part in PARTS:
            self.fields[part] = forms.DecimalField(
                label=WEIGHT_LABELS[part],
                min_value=0,
                max_value=100,
                decimal_places=2,
                initial=(Decimal(str(weights.get(part, "0"))) * 100).normalize(),
                widget=_decimal_widget(),
            )
        self.fields["named"].initial = campaign.city_named
        self.fields["nominated"].initial = campaign.city_nominated
        self.order_fields([*PARTS, "named", "nominated"])

    def weights(self) -> dict[str, Decimal]:
        return {part: self.cleaned_data[part] / 100 for part in PARTS}


class SurveyUploadForm(forms.Form):
    file = forms.FileField(label=_("实地测评结果（.xlsx）"))


class ReviewForm(forms.Form):
    """One field per item of the award's framework, each up to the item's points."""

    def __init__(self, *args: Any, framework: Framework, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in framework.items:
            self.fields[f"item_{item.number}"] = forms.DecimalField(
                label=f"{item.number}. {item.name}",
                help_text=_("满分 %(points)s") % {"points": item.points},
                min_value=0,
                max_value=item.points,
                decimal_places=2,
                widget=_decimal_widget(),
            )

    def items(self) -> dict[str, Decimal]:
        return {name.removeprefix("item_"): value for name, value in self.cleaned_data.items()}


class QuestionnaireForm(forms.Form):
    rate = forms.DecimalField(
        label=_("问卷调查成绩（%）"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        widget=_decimal_widget(),
    )
    respondents = forms.IntegerField(label=_("答卷人数"), min_value=1)
