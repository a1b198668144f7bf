"""The domain's reason codes for assignment and sampling, in the user's language."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wenming.domain.assignment import (
    CONFLICT,
    LOADS_UNBALANCED,
    NO_ALLOWED_GROUP,
    NO_GROUPS,
    OWN_COUNTY,
    UNASSIGNED,
    UNKNOWN_APPLICANT,
    UNKNOWN_GROUP,
    Reason,
    Violation,
)
from wenming.frameworks.presenting import QUESTIONNAIRE_LABELS

Names = Mapping[str, str]


def _listed(value: object) -> Sequence[Any]:
    """A list the domain put in a reason's params (they are typed only as objects)."""
    if not isinstance(value, list | tuple):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return value


def _names(ids: Iterable[object], names: Names) -> str:
    return _("、").join(names.get(str(i), str(i)) for i in ids)


def reason_text(reason: Reason, applicants: Names, groups: Names, counties: Names) -> str:
    """Why an assignment could not be made (or balanced), naming who is concerned."""
    params = reason.params
    if reason.code == NO_GROUPS:
        count = len(_listed(params["applicants"]))
        return ngettext(
            "还没有考核组，%(n)d 个申报无法分配。",
            "还没有考核组，%(n)d 个申报无法分配。",
            count,
        ) % {"n": count}
    if reason.code == NO_ALLOWED_GROUP:
        lines = []
        for detail in _listed(params["details"]):
            own = _names(detail["own_county_groups"], groups)
            conflicted = _names(detail["conflicted_groups"], groups)
            parts = []
            if own:
                parts.append(
                    _("%(groups)s 来自%(county)s本县（交叉互检不查本县）")
                    % {"groups": own, "county": counties.get(detail["county"], detail["county"])}
                )
            if conflicted:
                parts.append(_("%(groups)s 有成员声明回避") % {"groups": conflicted})
            lines.append(
                _("%(applicant)s 没有可分配的考核组：%(why)s。")
                % {"applicant": applicants.get(detail["applicant"]), "why": _("；").join(parts)}
            )
        return _("无法完成分配。") + " ".join(lines)
    if reason.code == LOADS_UNBALANCED:
        return _(
            "已分配，但受本县回避和成员回避限制，各组任务无法均衡：最多 %(max)d 个，"
            "最少 %(min)d 个（均衡时应为 %(bmin)d 到 %(bmax)d 个）；任务偏少的组：%(below)s。"
        ) % {
            "max": params["max_load"],
            "min": params["min_load"],
            "bmax": params["balanced_max_load"],
            "bmin": params["balanced_min_load"],
            "below": _names(_listed(params["groups_below"]), groups),
        }
    return reason.code  # pragma: no cover - every code of the domain is handled above


_VIOLATIONS: dict[str, Callable[[], str]] = {
    OWN_COUNTY: lambda: _("%(group)s 来自%(applicant)s所在的县市区，交叉互检不能查本县。"),
    CONFLICT: lambda: _("%(group)s 有成员对%(applicant)s声明了回避。"),
    UNKNOWN_GROUP: lambda: _("%(group)s 不是本轮次的考核组。"),
    UNKNOWN_APPLICANT: lambda: _("%(applicant)s 不在本轮次的测评范围内。"),
    UNASSIGNED: lambda: _("%(applicant)s 尚未分配考核组。"),
}


def violation_text(violation: Violation, applicants: Names, groups: Names) -> str:
    """One broken rule of a hand change, in words."""
    return _VIOLATIONS[violation.code]() % {
        "group": groups.get(violation.group or "", violation.group),
        "applicant": applicants.get(violation.applicant, violation.applicant),
    }


#: Threshold conditions and results, as the ranking's breakdown names them.
CONDITION_LABELS = {
    **QUESTIONNAIRE_LABELS,
    "registered_volunteers_share": gettext_lazy("注册志愿者占职工比例"),
    "party_member_volunteers_share": gettext_lazy("党员注册志愿者占在职党员比例"),
    "volunteers_served_share": gettext_lazy("参加志愿服务占注册志愿者比例"),
}
STATUS_LABELS = {
    "held": gettext_lazy("达标"),
    "not_held": gettext_lazy("未达标"),
    "not_computable": gettext_lazy("无法计算（无数据）"),
}
