"""The 文明城市 rule's refusals (``wenming.domain.cities.CityError``) in words, and the names
of the three parts."""

from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming.domain.cities import QUESTIONNAIRE, REVIEW, SURVEY, CityError

PART_LABELS: dict[str, Promise] = {
    SURVEY: gettext_lazy("实地测评"),
    REVIEW: gettext_lazy("材料审核"),
    QUESTIONNAIRE: gettext_lazy("问卷调查"),
}


def city_error_message(error: CityError) -> str:
    params = error.params
    if error.code == "weights_not_one":
        return _("三项权重之和须为 100%%（现为 %(total)s%%）。") % {
            "total": percent(params["total"]),
        }
    if error.code == "weight_invalid":
        return _("“%(part)s”的权重须在 0 到 100%% 之间。") % {
            "part": PART_LABELS.get(str(params["part"]), params["part"])
        }
    if error.code == "shares_negative":
        return _("文明城市和提名城市名额不能为负数。")
    if error.code == "score_out_of_range":
        return _("%(city)s的%(part)s成绩须在 0 到 100 之间。") % {
            "city": params["city"],
            "part": PART_LABELS.get(str(params["part"]), params["part"]),
        }
    return _("综合测评权重须包含实地测评、材料审核和问卷调查三项。")


def percent(ratio: object) -> str:
    """A ratio as a percentage without trailing zeros: 0.6 → 60, 0.125 → 12.5."""
    return format((Decimal(str(ratio)) * 100).normalize(), "f")
