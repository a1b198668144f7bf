"""Labels and sentences for showing a framework: methods, statistics, conditions, figures."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming.domain.frameworks import (
    ConditionKind,
    Method,
    Statistic,
    ThresholdCondition,
)

METHOD_LABELS = {
    Method.MATERIAL: gettext_lazy("材料审核"),
    Method.ONSITE: gettext_lazy("实地考察"),
    Method.QUESTIONNAIRE: gettext_lazy("问卷调查"),
}
STATISTIC_LABELS = {
    Statistic.STAFF: gettext_lazy("职工人数"),
    Statistic.PARTY_MEMBERS: gettext_lazy("在职党员数"),
    Statistic.REGISTERED_VOLUNTEERS: gettext_lazy("注册志愿者数"),
    Statistic.PARTY_MEMBER_VOLUNTEERS: gettext_lazy("党员注册志愿者数"),
    Statistic.VOLUNTEERS_SERVED: gettext_lazy("参与服务志愿者数"),
}
#: The questionnaire results a threshold condition may name (those the assessment counts,
#: ``assessment.thresholds.QUESTIONS``), as people call them.
QUESTIONNAIRE_LABELS = {
    "public_satisfaction": gettext_lazy("群众满意度"),
    "staff_participation": gettext_lazy("职工参与率"),
    "staff_satisfaction": gettext_lazy("职工满意率"),
    "staff_support": gettext_lazy("职工支持率"),
    "staff_knowledge": gettext_lazy("职工知晓率"),
}
BONUS_LEVEL_LABELS = {
    "national": gettext_lazy("国家级"),
    "provincial": gettext_lazy("省级"),
    "ministerial": gettext_lazy("部级"),
    "municipal": gettext_lazy("市级"),
}


def points(value: Decimal) -> str:
    """Points as people write them: 2, 0.5, 0.25 (no trailing zeros, no exponent)."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent(value: Decimal) -> str:
    """A fraction as a percentage: 0.80 → 80%."""
    return points(value * 100) + "%"


def methods_text(methods: tuple[Method, ...]) -> str:
    """Methods joined the way the official table lists them."""
    return "、".join(str(METHOD_LABELS.get(m, m)) for m in methods)


def _statistic(statistic: Statistic | None) -> object:
    return STATISTIC_LABELS.get(statistic, statistic) if statistic is not None else None


def condition_text(condition: ThresholdCondition) -> str:
    """A threshold condition in words, e.g. 注册志愿者数 / 职工人数 ≥ 50%."""
    if condition.kind is ConditionKind.QUESTIONNAIRE:
        text = _("问卷“%(q)s”的肯定率 ≥ %(min)s") % {
            "q": QUESTIONNAIRE_LABELS.get(condition.questionnaire, condition.questionnaire),
            "min": percent(condition.minimum),
        }
    else:
        text = _("%(num)s / %(den)s ≥ %(min)s") % {
            "num": _statistic(condition.numerator),
            "den": _statistic(condition.denominator),
            "min": percent(condition.minimum),
        }
    if condition.all_required_below is not None:
        text += _("（%(den)s不足 %(n)s 人时须全部达到）") % {
            "den": STATISTIC_LABELS.get(condition.denominator, "") if condition.denominator else "",
            "n": condition.all_required_below,
        }
    return text
