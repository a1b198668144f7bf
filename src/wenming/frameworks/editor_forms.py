"""Forms of the framework editor, one per part of a framework or checklist document.

Each form reads a part's document form (``initial_of``) and writes it back (``part``):
points as decimal strings, methods as their codes, departments as a list (the first
leads). The rows of a part (a criterion's scoring points, a threshold's conditions, a
bonus item's levels, a checklist item's conditions) are formsets whose blank rows are
ignored, so a page can always offer a few empty ones. The editors that put these parts
into a document are in ``editor_parts``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import gettext_lazy as _

from wenming.domain.frameworks import ConditionKind
from wenming.registry.models import CATEGORY_LABELS, LEVEL_LABELS

from .editing import Part, points_text
from .models import Framework
from .presenting import (
    BONUS_LEVEL_LABELS,
    METHOD_LABELS,
    QUESTIONNAIRE_LABELS,
    STATISTIC_LABELS,
)

_LIST_SEPARATORS = re.compile(r"[、,，;；\s]+")
TEXT = {"rows": 2, "cols": 80}
WIDE = {"class": "wide"}


def _points_field(
    label: Any, *, required: bool = True, help_text: Any = "", maximum: int | None = None
) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_value=Decimal(maximum) if maximum is not None else None,
        max_digits=9,
        decimal_places=4,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _names(value: object) -> list[str]:
    """Departments typed as 办公室、工会 (any list comma or space between them)."""
    return [name for name in _LIST_SEPARATORS.split(_text(value)) if name]


def _lines(value: object) -> list[str]:
    return [line.strip() for line in _text(value).splitlines() if line.strip()]


def _points(value: Decimal | None) -> str | None:
    return points_text(value) if value is not None else None


def _put(part: Part, key: str, value: object) -> Part:
    """Set ``key`` unless the value is empty (the document leaves unset fields out)."""
    if value not in ("", None, []):
        part[key] = value
    return part


def _choices(labels: Mapping[Any, Any]) -> list[tuple[str, Any]]:
    return [(str(code), label) for code, label in labels.items()]


def _with_current(choices: list[tuple[str, Any]], current: object) -> list[tuple[str, Any]]:
    """The choices, with a value the document already holds kept as one of them."""
    if isinstance(current, str) and current and current not in dict(choices):
        return [*choices, (current, current)]
    return choices


def _methods_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("考评方法"),
        required=False,
        choices=_choices(METHOD_LABELS),
        widget=forms.CheckboxSelectMultiple,
    )


def _departments_field(*, wide: bool = True) -> forms.CharField:
    return forms.CharField(
        label=_("责任部门"),
        required=False,
        help_text=_("用顿号分隔，第一个为牵头部门"),
        widget=forms.TextInput(attrs=WIDE if wide else {}),
    )


class RowForm(forms.Form):
    """A row of a part (a scoring point, a condition, a level): read from and written to
    the part's list of rows."""

    @staticmethod
    def initial_of(row: Mapping[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    @staticmethod
    def part_of(data: Mapping[str, Any], key: str) -> Part:
        raise NotImplementedError


# --- the header ---------------------------------------------------------------------------


class HeaderForm(forms.Form):
    """A framework's header: code, name, issuing body, category, level, edition, step, notes;
    a checklist's has no step (``with_step=False``)."""

    name = forms.CharField(label=_("名称"), max_length=200, widget=forms.TextInput(attrs=WIDE))
    code = forms.SlugField(
        label=_("编码"),
        max_length=64,
        help_text=_("英文字母、数字和连字符，如 qinghe-unit-2026；创建后不能修改"),
    )
    issuing_body = forms.CharField(label=_("制定机关"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("类别"), choices=_choices(CATEGORY_LABELS))
    level = forms.ChoiceField(
        label=_("级别"), required=False, choices=[("", "—"), *_choices(LEVEL_LABELS)]
    )
    edition = forms.CharField(label=_("版次"), max_length=50, required=False)
    step = _points_field(_("评分步长"), help_text=_("每个评分要点按此步长打分，如 0.5"))
    notes = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 80})
    )

    def __init__(
        self, *args: Any, new: bool = False, with_step: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.new = new
        if not new:  # a version's code ties it to its other versions
            self.fields["code"].disabled = True
            self.fields["code"].help_text = ""
        if not with_step:  # a checklist (达标制) scores nothing
            del self.fields["step"]

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        if self.new and Framework.objects.filter(code=code).exists():
            raise forms.ValidationError(
                _("编码“%(code)s”已被其他测评体系使用。"), params={"code": code}
            )
        return code

    @staticmethod
    def initial_of(document: Mapping[str, Any]) -> dict[str, Any]:
        initial = {key: document.get(key, "") for key in ("code", "name", "issuing_body")}
        initial |= {key: document.get(key) or "" for key in ("category", "level", "edition")}
        return initial | {"step": document.get("step", "0.5"), "notes": document.get("notes", "")}

    def header(self) -> dict[str, Any]:
        data = self.cleaned_data
        header: dict[str, Any] = {
            k: _text(data.get(k)) for k in ("name", "issuing_body", "edition")
        }
        header |= {"category": data["category"], "level": data.get("level") or None}
        header["notes"] = _text(data.get("notes"))
        if "step" in self.fields:
            header["step"] = _points(data["step"])
        if self.new:
            header["code"] = data["code"]
        return header


# --- items, criteria and their scoring points ----------------------------------------


class ItemForm(forms.Form):
    """An item's own fields; its criteria are edited one by one."""

    number = forms.IntegerField(label=_("序号"), min_value=1)
    name = forms.CharField(label=_("测评项目名称"), max_length=200)
    points = _points_field(_("分值"), help_text=_("应等于其测评标准分值之和"))

    def __init__(self, *args: Any, with_points: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_points:  # a new item's total is its first criterion's points
            del self.fields["points"]

    @staticmethod
    def initial_of(item: Mapping[str, Any]) -> dict[str, Any]:
        return {key: item.get(key) for key in ("number", "name", "points")}

    def part(self, item: Mapping[str, Any] | None = None) -> Part:
        """The item with these fields; an edited item keeps its criteria."""
        data = self.cleaned_data
        out = dict(item or {})
        out |= {"number": data["number"], "name": _text(data["name"])}
        if "points" in data:
            out["points"] = _points(data["points"])
        return out


class CriterionForm(forms.Form):
    """A criterion's own fields; its scoring points are the rows below it."""

    number = forms.IntegerField(
        label=_("测评标准序号"), min_value=1, help_text=_("在整个测评体系中连续编号")
    )
    points = _points_field(_("分值"), help_text=_("应等于其评分要点分值之和"))
    text = forms.CharField(
        label=_("测评标准内容"), required=False, widget=forms.Textarea(attrs=TEXT)
    )
    adjust_item = forms.BooleanField(
        label=_("测评项目分值随之调整"),
        required=False,
        initial=True,
        help_text=_("不勾选时，测评项目分值保持不变，须与各标准分值之和一致"),
    )

    def __init__(self, *args: Any, with_adjust: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_adjust:
            del self.fields["adjust_item"]

    @staticmethod
    def initial_of(criterion: Mapping[str, Any]) -> dict[str, Any]:
        return {key: criterion.get(key) for key in ("number", "points", "text")}

    def part(self, clauses: list[Part]) -> Part:
        data = self.cleaned_data
        out: Part = {"number": data["number"]}
        _put(out, "text", _text(data.get("text")))
        return out | {"points": _points(data["points"]), "clauses": clauses}


class ClauseForm(RowForm):
    """A scoring point (评分要点): key, points, text, methods, departments, evidence."""

    key = forms.CharField(
        label=_("编号"), required=False, max_length=32, help_text=_("留空则按标准序号自动编号")
    )
    points = _points_field(_("分值"))
    departments = _departments_field(wide=False)
    text = forms.CharField(
        label=_("评分要点内容"), required=False, widget=forms.Textarea(attrs=TEXT)
    )
    methods = _methods_field()
    evidence = forms.CharField(
        label=_("佐证材料"),
        required=False,
        help_text=_("每行一项"),
        widget=forms.Textarea(attrs=TEXT),
    )

    @staticmethod
    def initial_of(clause: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "key": clause.get("key", ""),
            "points": clause.get("points"),
            "text": clause.get("text", ""),
            "methods": list(clause.get("methods") or []),
            "departments": "、".join(clause.get("departments") or []),
            "evidence": "\n".join(clause.get("evidence") or []),
        }

    @staticmethod
    def part_of(data: Mapping[str, Any], key: str) -> Part:
        out: Part = {"key": key}
        _put(out, "text", _text(data.get("text")))
        out["points"] = _points(data["points"])
        _put(out, "methods", list(data.get("methods") or []))
        _put(out, "departments", _names(data.get("departments")))
        return _put(out, "evidence", _lines(data.get("evidence")))


# --- a checklist's items and their conditions -----------------------------------------


class ChecklistItemForm(ItemForm):
    """A checklist's item (标准项目): number and name; its conditions are the rows below."""

    name = forms.CharField(label=_("标准项目名称"), max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, with_points=False, **kwargs)


class ChecklistConditionForm(RowForm):
    """A checklist's condition (达标条件): key, text, methods, departments; no points."""

    key = forms.CharField(
        label=_("编号"), required=False, max_length=32, help_text=_("留空则按项目序号自动编号")
    )
    departments = _departments_field(wide=False)
    # Not required here: a row filled but for its text is refused by the importer, which
    # names the condition (达标条件 2.2 缺少内容。).
    text = forms.CharField(
        label=_("达标条件内容"), required=False, widget=forms.Textarea(attrs=TEXT)
    )
    methods = _methods_field()

    @staticmethod
    def initial_of(condition: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "key": condition.get("key", ""),
            "text": condition.get("text", ""),
            "methods": list(condition.get("methods") or []),
            "departments": "、".join(condition.get("departments") or []),
        }

    @staticmethod
    def part_of(data: Mapping[str, Any], key: str) -> Part:
        out: Part = {"key": key}
        _put(out, "text", _text(data.get("text")))
        _put(out, "methods", list(data.get("methods") or []))
        return _put(out, "departments", _names(data.get("departments")))


# --- threshold indicators -------------------------------------------------------------


class ThresholdForm(forms.Form):
    """Which criterion a threshold indicator scores, and its points."""

    criterion = forms.TypedChoiceField(label=_("测评标准"), coerce=int)
    points = _points_field(_("分值"), required=False, help_text=_("留空则取该标准的分值"))

    def __init__(self, *args: Any, criteria: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = dict(criteria)
        cast(forms.ChoiceField, self.fields["criterion"]).choices = [
            (number, _("第 %(n)s 条（%(p)s 分）") % {"n": number, "p": points})
            for number, points in criteria
        ]

    @staticmethod
    def initial_of(rule: Mapping[str, Any]) -> dict[str, Any]:
        return {"criterion": rule.get("criterion"), "points": rule.get("points")}

    def part(self, conditions: list[Part]) -> Part:
        number = self.cleaned_data["criterion"]
        points = _points(self.cleaned_data.get("points")) or self.criteria.get(number)
        return {"criterion": number, "points": points, "conditions": conditions}


class ConditionForm(RowForm):
    """A condition of a threshold: a ratio of statistics or a questionnaire's rate."""

    kind = forms.ChoiceField(
        label=_("数据来源"),
        choices=[
            ("", "—"),
            (ConditionKind.QUESTIONNAIRE.value, _("问卷调查")),
            (ConditionKind.RATIO.value, _("统计数据之比")),
        ],
    )
    questionnaire = forms.ChoiceField(label=_("问卷结果"), required=False)
    numerator = forms.ChoiceField(label=_("分子"), required=False)
    denominator = forms.ChoiceField(label=_("分母"), required=False)
    minimum = _points_field(_("达标线（%）"), help_text=_("如 80 表示不低于 80%"), maximum=100)
    all_required_below = forms.IntegerField(
        label=_("全员达标人数线"),
        required=False,
        min_value=1,
        help_text=_("分母不足此人数时须全部达到（可不填）"),
    )
    key = forms.CharField(
        label=_("编号"), required=False, max_length=64, help_text=_("留空则自动编号")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        statistics = [("", "—"), *_choices(STATISTIC_LABELS)]
        current = self.initial.get("questionnaire")
        questionnaires = [("", "—"), *_choices(QUESTIONNAIRE_LABELS)]
        cast(forms.ChoiceField, self.fields["questionnaire"]).choices = _with_current(
            questionnaires, current
        )
        cast(forms.ChoiceField, self.fields["numerator"]).choices = statistics
        cast(forms.ChoiceField, self.fields["denominator"]).choices = statistics

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if data.get("kind") == ConditionKind.RATIO.value:
            if not data.get("numerator") or not data.get("denominator"):
                self.add_error(None, _("按统计数据计算的条件须选择分子和分母。"))
        elif data.get("kind") and not data.get("questionnaire"):
            self.add_error("questionnaire", _("问卷调查的条件须选择问卷结果。"))
        return data

    @staticmethod
    def initial_of(condition: Mapping[str, Any]) -> dict[str, Any]:
        minimum = condition.get("minimum")
        percent = points_text(Decimal(str(minimum)) * 100) if minimum is not None else None
        return {
            "key": condition.get("key", ""),
            "kind": condition.get("kind", ConditionKind.QUESTIONNAIRE.value),
            "questionnaire": condition.get("questionnaire", ""),
            "numerator": condition.get("numerator", ""),
            "denominator": condition.get("denominator", ""),
            "minimum": percent,
            "all_required_below": condition.get("all_required_below"),
        }

    @staticmethod
    def part_of(data: Mapping[str, Any], key: str) -> Part:
        out: Part = {"key": key, "kind": data["kind"]}
        if data["kind"] == ConditionKind.RATIO.value:
            out |= {"numerator": data["numerator"], "denominator": data["denominator"]}
        else:
            out["questionnaire"] = data["questionnaire"]
        out["minimum"] = points_text(data["minimum"] / 100)
        return _put(out, "all_required_below", data.get("all_required_below"))

    @staticmethod
    def default_key(data: Mapping[str, Any]) -> str:
        if data.get("kind") == ConditionKind.RATIO.value:
            return f"{data.get('numerator')}_share"
        return str(data.get("questionnaire") or "condition")


# --- bonus items, deductions and the negative list -------------------------------------


class BonusForm(forms.Form):
    """A bonus item (特色加分项目): key, name, cap, window, once per content, text, methods."""

    key = forms.SlugField(
        label=_("编号"), max_length=64, help_text=_("英文字母、数字、下划线，如 honor_titles")
    )
    name = forms.CharField(label=_("加分项目名称"), max_length=200)
    cap = _points_field(_("加分上限"))
    window_start = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    window_end = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    once_per_content = forms.BooleanField(label=_("同一内容只按最高分计一次"), required=False)
    text = forms.CharField(label=_("加分标准"), required=False, widget=forms.Textarea(attrs=TEXT))
    methods = _methods_field()
    departments = _departments_field()

    @staticmethod
    def initial_of(bonus: Mapping[str, Any]) -> dict[str, Any]:
        initial = {key: bonus.get(key) for key in ("key", "name", "cap")}
        initial |= {key: bonus.get(key) for key in ("window_start", "window_end")}
        initial |= {"once_per_content": bool(bonus.get("once_per_content"))}
        initial |= {"text": bonus.get("text", ""), "methods": list(bonus.get("methods") or [])}
        return initial | {"departments": "、".join(bonus.get("departments") or [])}

    def part(self, levels: list[Part]) -> Part:
        data = self.cleaned_data
        out: Part = {"key": data["key"], "name": _text(data["name"]), "cap": _points(data["cap"])}
        for key in ("window_start", "window_end"):
            _put(out, key, data[key].isoformat() if data.get(key) else None)
        _put(out, "once_per_content", bool(data.get("once_per_content")) or None)
        out["levels"] = levels
        _put(out, "text", _text(data.get("text")))
        _put(out, "methods", list(data.get("methods") or []))
        return _put(out, "departments", _names(data.get("departments")))


class LevelForm(RowForm):
    """A level of a bonus item: which level, the points per claim, its wording."""

    level = forms.ChoiceField(label=_("级别"))
    points = _points_field(_("每项加分"))
    text = forms.CharField(label=_("说明"), required=False, widget=forms.TextInput(attrs=WIDE))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *_choices(BONUS_LEVEL_LABELS)]
        cast(forms.ChoiceField, self.fields["level"]).choices = _with_current(
            choices, self.initial.get("level")
        )

    @staticmethod
    def initial_of(level: Mapping[str, Any]) -> dict[str, Any]:
        return {key: level.get(key, "") for key in ("level", "points", "text")}

    @staticmethod
    def part_of(data: Mapping[str, Any], key: str) -> Part:
        out: Part = {"level": data["level"], "points": _points(data["points"])}
        return _put(out, "text", _text(data.get("text")))


class DeductionForm(forms.Form):
    """A deduction item (减分项目): points off per finding, optionally capped."""

    text = forms.CharField(label=_("减分情形"), widget=forms.Textarea(attrs=TEXT))
    points = _points_field(_("每次扣分"))
    cap = _points_field(_("最多扣分"), required=False, help_text=_("可不填"))
    key = forms.CharField(
        label=_("编号"), required=False, max_length=64, help_text=_("留空则自动编号")
    )

    @staticmethod
    def initial_of(deduction: Mapping[str, Any]) -> dict[str, Any]:
        return {key: deduction.get(key) for key in ("key", "text", "points", "cap")}

    def part(self, key: str) -> Part:
        data = self.cleaned_data
        out: Part = {"key": key}
        _put(out, "text", _text(data.get("text")))
        out["points"] = _points(data["points"])
        return _put(out, "cap", _points(data.get("cap")))


class NegativeForm(forms.Form):
    """A negative-list fact (负面清单) that disqualifies whatever the score."""

    text = forms.CharField(label=_("负面清单情形"), widget=forms.Textarea(attrs=TEXT))
    key = forms.CharField(
        label=_("编号"), required=False, max_length=64, help_text=_("留空则自动编号")
    )

    @staticmethod
    def initial_of(entry: Mapping[str, Any]) -> dict[str, Any]:
        return {"key": entry.get("key", ""), "text": entry.get("text", "")}

    def part(self, key: str) -> Part:
        return _put({"key": key}, "text", _text(self.cleaned_data.get("text")))


def rows_formset(form: type[RowForm], extra: int) -> type[BaseFormSet[Any]]:
    """A formset of ``form`` rows with ``extra`` blank ones; a filled row can be removed."""
    return formset_factory(form, extra=extra, can_delete=True, can_delete_extra=False)
