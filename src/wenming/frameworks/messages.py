"""The one place that turns a domain ``FrameworkError`` into a sentence a user reads.

The domain raises machine codes with parameters (``item_points_mismatch``, item=…,
points=…, criteria_sum=…); here each code has its translated message, and the error's
``path`` (``items[2].criteria[0].points``) becomes a location in words ("测评项目
“思想道德建设” › 第 8 条标准 › 分值") read off the document itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming.domain.frameworks import FrameworkError

MESSAGES: dict[str, Promise] = {
    "item_points_mismatch": gettext_lazy(
        "测评项目“%(item)s”的分值为 %(points)s 分，但其测评标准合计 %(criteria_sum)s 分。"
    ),
    "criterion_points_mismatch": gettext_lazy(
        "第 %(criterion)s 条测评标准的分值为 %(points)s 分，但其评分要点合计 %(clauses_sum)s 分。"
    ),
    "item_points_invalid": gettext_lazy("测评项目“%(item)s”的分值无效。"),
    "item_without_criteria": gettext_lazy("测评项目“%(item)s”没有测评标准。"),
    "item_number_duplicate": gettext_lazy("测评项目序号 %(value)s 重复。"),
    "item_name_duplicate": gettext_lazy("测评项目“%(value)s”重复。"),
    "criterion_number_invalid": gettext_lazy("测评标准序号必须是正整数。"),
    "criterion_points_invalid": gettext_lazy("第 %(criterion)s 条测评标准的分值无效。"),
    "criterion_without_clauses": gettext_lazy("第 %(criterion)s 条测评标准没有评分要点。"),
    "criterion_duplicate": gettext_lazy("测评标准序号 %(value)s 重复。"),
    "criterion_unknown": gettext_lazy("没有第 %(criterion)s 条测评标准。"),
    "clause_key_missing": gettext_lazy("评分要点缺少编号。"),
    "clause_key_duplicate": gettext_lazy("评分要点编号 %(value)s 重复。"),
    "clause_points_invalid": gettext_lazy("评分要点 %(clause)s 的分值必须大于 0。"),
    "clause_points_off_step": gettext_lazy(
        "评分要点 %(clause)s 的分值 %(points)s 不是评分步长 %(step)s 的整数倍。"
    ),
    "bonus_key_missing": gettext_lazy("加分项目缺少编号。"),
    "bonus_cap_invalid": gettext_lazy("加分项目 %(bonus)s 的上限必须大于 0。"),
    "bonus_without_levels": gettext_lazy("加分项目 %(bonus)s 没有加分档次。"),
    "bonus_level_duplicate": gettext_lazy("加分项目 %(bonus)s 的档次重复。"),
    "bonus_level_missing": gettext_lazy("加分档次缺少名称。"),
    "bonus_points_invalid": gettext_lazy("加分档次 %(level)s 的分值必须大于 0。"),
    "bonus_window_reversed": gettext_lazy("加分项目 %(bonus)s 的起始日期晚于截止日期。"),
    "bonus_duplicate": gettext_lazy("加分项目 %(value)s 重复。"),
    "threshold_points_mismatch": gettext_lazy(
        "第 %(criterion)s 条标准的达标分值 %(points)s 与该标准分值 %(criterion_points)s 不一致。"
    ),
    "threshold_unknown_criterion": gettext_lazy("达标指标指向不存在的第 %(criterion)s 条标准。"),
    "threshold_without_conditions": gettext_lazy("第 %(criterion)s 条标准的达标指标没有条件。"),
    "threshold_duplicate": gettext_lazy("第 %(value)s 条标准的达标指标重复。"),
    "threshold_points_invalid": gettext_lazy("第 %(criterion)s 条标准的达标分值无效。"),
    "threshold_condition_duplicate": gettext_lazy(
        "第 %(criterion)s 条标准的达标指标中有重复的条件。"
    ),
    "condition_minimum_invalid": gettext_lazy(
        "达标条件 %(condition)s 的达标线须在 0 到 100%% 之间。"
    ),
    "condition_statistics_missing": gettext_lazy(
        "达标条件 %(condition)s 按统计数据计算，须选择分子和分母。"
    ),
    "condition_questionnaire_missing": gettext_lazy(
        "达标条件 %(condition)s 按问卷结果计算，须选择问卷。"
    ),
    "condition_kind_mixed": gettext_lazy(
        "达标条件 %(condition)s 只能按统计数据或问卷结果之一计算。"
    ),
    "condition_all_required_below_invalid": gettext_lazy(
        "达标条件 %(condition)s 的全员达标人数线须为正整数。"
    ),
    "deduction_key_missing": gettext_lazy("减分项目缺少编号。"),
    "deduction_points_invalid": gettext_lazy("减分项目 %(deduction)s 的每次扣分必须大于 0。"),
    "deduction_cap_invalid": gettext_lazy("减分项目 %(deduction)s 的扣分上限必须大于 0。"),
    "deduction_duplicate": gettext_lazy("减分项目编号 %(value)s 重复。"),
    "negative_key_missing": gettext_lazy("负面清单情形缺少编号。"),
    "negative_duplicate": gettext_lazy("负面清单情形编号 %(value)s 重复。"),
    "weights_not_one": gettext_lazy("各部分权重合计为 %(weights_sum)s，应为 1。"),
    "weight_invalid": gettext_lazy("%(component)s 的权重必须大于 0 且不超过 1。"),
    "composite_without_components": gettext_lazy("综合考评体系没有组成部分。"),
    "component_key_missing": gettext_lazy("组成部分缺少编号。"),
    "component_duplicate": gettext_lazy("组成部分编号 %(value)s 重复。"),
    "part_duplicate": gettext_lazy("评价部分编号 %(value)s 重复。"),
    "roster_without_events": gettext_lazy("%(component)s 没有计分事项。"),
    "roster_event_duplicate": gettext_lazy("计分事项 %(value)s 重复。"),
    "roster_points_invalid": gettext_lazy("计分事项 %(event)s 的分值无效。"),
    "roster_bounds_invalid": gettext_lazy("%(component)s 的起始分须在最低分和最高分之间。"),
    "band_duplicate": gettext_lazy("等次 %(value)s 重复。"),
    "band_minimum_invalid": gettext_lazy("等次 %(band)s 的分数线无效。"),
    "band_order": gettext_lazy("等次分数线必须从高到低排列。"),
    "band_floor_missing": gettext_lazy("最低等次的分数线必须为 0。"),
    "condition_key_missing": gettext_lazy("达标条件缺少编号。"),
    "condition_text_missing": gettext_lazy("达标条件 %(condition)s 缺少内容。"),
    "condition_key_duplicate": gettext_lazy("达标条件编号 %(value)s 重复。"),
    "condition_unknown": gettext_lazy("没有达标条件 %(conditions)s。"),
    "item_without_conditions": gettext_lazy("标准项目“%(item)s”没有达标条件。"),
    "framework_code_missing": gettext_lazy("测评体系缺少编码。"),
    "framework_without_items": gettext_lazy("测评体系没有测评项目。"),
    "category_invalid": gettext_lazy("类别“%(value)s”无效。"),
    "level_invalid": gettext_lazy("级别“%(value)s”无效。"),
    "version_invalid": gettext_lazy("版本号必须是正整数。"),
    "step_invalid": gettext_lazy("评分步长必须大于 0。"),
    "document_not_mapping": gettext_lazy("文件内容不是测评体系文档。"),
    "document_kind_unexpected": gettext_lazy("文档类型不符。"),
    "field_missing": gettext_lazy("缺少必填内容。"),
    "field_unknown": gettext_lazy("无法识别的字段。"),
    "field_not_text": gettext_lazy("应为文字。"),
    "field_not_integer": gettext_lazy("应为整数：%(value)s。"),
    "field_not_decimal": gettext_lazy("应为数字：%(value)s。"),
    "field_float_not_allowed": gettext_lazy("分值 %(value)s 须写成带引号的文字，如 '0.5'。"),
    "field_not_boolean": gettext_lazy("应为是或否。"),
    "field_not_date": gettext_lazy("应为日期（如 2021-12-31）：%(value)s。"),
    "field_not_list": gettext_lazy("应为列表。"),
    "field_choice_invalid": gettext_lazy("取值“%(value)s”无效。"),
}
GENERIC = gettext_lazy("测评体系有误（%(code)s）。")

_SELF_NAMING = frozenset({"item", "criterion", "clause", "bonus", "condition", "deduction"})
_STEP = re.compile(r"([a-z_]+)(?:\[(\d+)\])?")


class _Params(dict[str, object]):
    """Parameters for a message; a missing one reads as "?" rather than failing."""

    def __missing__(self, key: str) -> str:
        return "?"


def describe_path(path: str, document: Mapping[str, Any] | None) -> str:
    """A location in words for a document path, naming items and criteria."""
    parts: list[str] = []
    node: Any = document
    for name, index in _STEP.findall(path):
        child = node.get(name) if isinstance(node, Mapping) else None
        if index != "":
            child = (
                child[int(index)] if isinstance(child, list) and int(index) < len(child) else None
            )
            parts.append(_entry(name, int(index), child))
        else:
            parts.append(_field(name))
        node = child
    return " › ".join(part for part in parts if part)


def _entry(name: str, index: int, node: Any) -> str:
    data = node if isinstance(node, Mapping) else {}
    if name == "items":
        return _("测评项目“%(name)s”") % {"name": data.get("name", index + 1)}
    if name == "criteria":
        return _("第 %(n)s 条标准") % {"n": data.get("number", "?")}
    if name == "clauses":
        return _("评分要点 %(key)s") % {"key": data.get("key", index + 1)}
    if name == "bonuses":
        return _("加分项目“%(name)s”") % {"name": data.get("name", index + 1)}
    if name == "conditions" and isinstance(data.get("key"), str):
        return _("条件 %(key)s") % {"key": data["key"]}
    if name == "thresholds":
        return _("第 %(n)s 条标准的达标指标") % {"n": data.get("criterion", "?")}
    return _("%(field)s 第 %(n)s 项") % {"field": _field(name), "n": index + 1}


def _field(name: str) -> str:
    labels = {
        "points": _("分值"),
        "number": _("序号"),
        "name": _("名称"),
        "text": _("内容"),
        "cap": _("上限"),
        "methods": _("考评方法"),
        "departments": _("责任部门"),
        "weight": _("权重"),
        "components": _("组成部分"),
        "conditions": _("条件"),
        "levels": _("档次"),
        "minimum": _("下限"),
    }
    return str(labels.get(name, name))


def error_message(error: FrameworkError, document: Mapping[str, Any] | None = None) -> str:
    """The translated sentence for ``error``, with where it is when the path says so."""
    template = MESSAGES.get(error.code, GENERIC)
    params = _Params(error.params)
    params.setdefault("code", error.code)
    text = str(template) % params
    path = error.params.get("path")
    # Messages about an item, criterion, clause or bonus already name it.
    if path and not (_SELF_NAMING & error.params.keys()):
        where = describe_path(str(path), document)
        if where:
            text = _("%(where)s：%(message)s") % {"where": where, "message": text}
    return text
