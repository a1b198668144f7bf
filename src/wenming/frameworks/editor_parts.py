"""The parts the framework editor edits: for each, its forms and the edit it makes.

A ``PartEditor`` binds the forms of one part (a criterion and its scoring points, a bonus
item and its levels, …) to a place in the document (a ``Target``) and, once its forms
are valid, returns the edited document (``apply``) through ``editing``. It does not
validate the document: the view does, as the importer does, and hands any refusal back
(``refuse``) to be shown above the form with the user's input kept.

``SECTIONS`` lists, per document kind, what can be added, edited and removed: a
framework's items, criteria, thresholds, bonus items, deductions and negative list, and a
checklist's (达标制) items, each with its conditions as rows, and negative list. ``NEW``
names the editor that starts a document of each kind. Composites are not edited here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.forms import BaseFormSet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import editing
from .editing import Document, Part, Path
from .editor_forms import (
    BonusForm,
    ChecklistConditionForm,
    ChecklistItemForm,
    ClauseForm,
    ConditionForm,
    CriterionForm,
    DeductionForm,
    HeaderForm,
    ItemForm,
    LevelForm,
    NegativeForm,
    RowForm,
    ThresholdForm,
    rows_formset,
)

Data = Mapping[str, Any] | None


@dataclass(frozen=True)
class Target:
    """Where an edit goes: the list a part is in and its place there (None: a new part)."""

    list_path: Path
    index: int | None = None

    @property
    def path(self) -> Path:
        if self.index is None:
            raise editing.PartNotFound(self.list_path)
        return (*self.list_path, self.index)

    @property
    def item(self) -> int:
        """The item a criterion belongs to."""
        return int(self.list_path[1])


def _filled(rows: BaseFormSet[Any] | None) -> list[dict[str, Any]]:
    """The rows' data, without blank rows and rows marked for removal."""
    if rows is None:
        return []
    return [
        form.cleaned_data
        for form in rows.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def _keys(rows: list[dict[str, Any]], default: Callable[[int, dict[str, Any]], str]) -> list[str]:
    """Each row's key: its own, or for a blank one the first default not taken."""
    taken = {str(row["key"]).strip() for row in rows if str(row.get("key") or "").strip()}
    keys = []
    for position, row in enumerate(rows, start=1):
        key = str(row.get("key") or "").strip()
        if not key:
            key, n = default(position, row), 1
            while key in taken:
                n += 1
                key = f"{default(position, row)}-{n}"
            taken.add(key)
        keys.append(key)
    return keys


def _clauses(rows: BaseFormSet[Any] | None, criterion: int) -> list[Part]:
    filled = _filled(rows)
    keys = _keys(filled, lambda position, _row: f"{criterion}.{position}")
    return [ClauseForm.part_of(row, key) for row, key in zip(filled, keys, strict=True)]


def _free_key(document: Mapping[str, Any], name: str, prefix: str) -> str:
    """A key for a new deduction or negative-list entry that its list does not use yet."""
    siblings = document.get(name) or []
    used = {s.get("key") for s in siblings if isinstance(s, Mapping)}
    n = len(used) + 1
    while f"{prefix}-{n}" in used:
        n += 1
    return f"{prefix}-{n}"


class PartEditor:
    """The forms of one part and the edit they make; see the module docstring."""

    title: ClassVar[Promise] = gettext_lazy("编辑")
    rows_form: ClassVar[type[RowForm] | None] = None
    rows_title: ClassVar[Promise | str] = ""
    row_title: ClassVar[Promise | str] = ""  # one row's name: 评分要点 1, 评分要点 2, …
    rows_key: ClassVar[str] = ""  # the part's list of rows (clauses, conditions, levels)

    def __init__(self, document: Mapping[str, Any], target: Target, data: Data = None) -> None:
        self.document = document
        self.target = target
        self.current: Mapping[str, Any] | None = (
            editing.part_get(document, target.path) if target.index is not None else None
        )
        if len(target.list_path) > 1:  # a new criterion needs its item to exist
            editing.part_get(document, target.list_path[:-1])
        self.problems: list[str] = []
        self.forms: list[tuple[Promise | str, forms.Form]] = self.make_forms(data)
        self.rows: BaseFormSet[Any] | None = None
        if self.rows_form is not None:
            existing = list((self.current or {}).get(self.rows_key) or [])
            initial = [self.rows_form.initial_of(row) for row in existing]
            formset = rows_formset(self.rows_form, extra=2 if existing else 3)
            self.rows = formset(data, initial=initial, prefix="rows")

    @property
    def adding(self) -> bool:
        return self.target.index is None

    @property
    def heading(self) -> str:
        """The page's title: 添加… for a new part, 修改… for one being changed."""
        if self.adding:
            return _("添加%(part)s") % {"part": self.title}
        return _("修改%(part)s") % {"part": self.title}

    def make_forms(self, data: Data) -> list[tuple[Promise | str, forms.Form]]:
        """The part's forms with their headings; subclasses keep each as a typed attribute."""
        raise NotImplementedError

    def is_valid(self) -> bool:
        results = [form.is_valid() for _title, form in self.forms]  # each, for its errors
        if self.rows is not None:
            results.append(self.rows.is_valid())
        return all(results)

    def refuse(self, message: str) -> None:
        """Show ``message`` (the validator's refusal) above the form."""
        self.problems.append(message)

    def part(self) -> Part:
        raise NotImplementedError

    def apply(self) -> Document:
        """The document with this part added or replaced (after ``is_valid``)."""
        if self.adding:
            return editing.part_add(self.document, self.target.list_path, self.part())
        return editing.part_update(self.document, self.target.path, self.part())

    def note(self, document: Mapping[str, Any]) -> str:
        """What the saved edit did, for the page's message."""
        return _("已保存。")


class HeaderEditor(PartEditor):
    title = gettext_lazy("基本信息")
    header: HeaderForm

    @property
    def heading(self) -> str:
        return _("修改基本信息")

    def make_forms(self, data: Data) -> list[tuple[Promise | str, forms.Form]]:
        self.header = HeaderForm(
            data,
            initial=HeaderForm.initial_of(self.document),
            with_step=self.document.get("kind") != editing.KIND_CHECKLIST,
        )
        return [(self.title, self.header)]

    def apply(self) -> Document:
        return editing.header_set(self.document, self.header.header())


class _FirstCriterion(PartEditor):
    """A part that starts with its first criterion and that criterion's scoring points."""

    rows_form = ClauseForm
    rows_title = gettext_lazy("评分要点")
    row_title = gettext_lazy("评分要点")
    rows_key = "clauses"
    item: ItemForm
    criterion: CriterionForm

    def first_forms(self, data: Data) -> list[tuple[Promise | str, forms.Form]]:
        items, criteria = editing.numbers(self.document)
        self.item = ItemForm(
            data, prefix="item", with_points=False, initial={"number": editing.next_number(items)}
        )
        self.criterion = CriterionForm(
            data,
            prefix="criterion",
            with_adjust=False,
            initial={"number": editing.next_number(criteria)},
        )
        return [(_("测评项目"), self.item), (_("第一条测评标准"), self.criterion)]

    def first_item(self) -> Part:
        clauses = _clauses(self.rows, self.criterion.cleaned_data["number"])
        data = self.item.cleaned_data
        return editing.item_with_criterion(
            data["number"], data["name"].strip(), self.criterion.part(clauses)
        )


class NewFrameworkEditor(_FirstCriterion):
    title = gettext_lazy("测评体系")
    header: HeaderForm

    @property
    def heading(self) -> str:
        return _("新建测评体系")

    def make_forms(self, data: Data) -> list[tuple[Promise | str, forms.Form]]:
        self.header = HeaderForm(data, new=True, initial={"step": "0.5"})
        return [(_("基本信息"), self.header), *self.first_forms(data)]

    def apply(self) -> Document:
        return editing.framework_new(self.header.header(), self.first_item())


class NewItemEditor(_FirstCriterion):
    title = gettext_lazy("测评项目")

    def make_forms(self, data: Data) -> list[tuple[Promise | str, forms.Form]]:
        return self.first_forms(data)

    def part(self) -> Part:
        return self.first_item()


class ItemEditor(PartEditor):
    title = gettext_lazy("测评项目")
    item: ItemForm

    def make_forms(self, data: Data) -> list[tuple[Promise | str, forms.Form]]:
        self.item = ItemForm(data, initial=ItemForm.initial_of(self.current or {}))
        return [(_("测评项目"), self.item)]

    def part(self) -> Part:
        return self.item.part(self.current)


class CriterionEditor(PartEditor):
    title = gettext_lazy("测评标准")
    rows_form = ClauseForm
    rows_title = gettext_lazy("评分要点")
    row_title = gettext_lazy("评分要点")
    rows_key = "clauses"
    criterion: CriterionForm

    def make_forms(self, data: Data) -> list[tuple[Promise | str, forms.Form]]:
        if self.current is None:
            initial = {"number": editing.next_number(editing.numbers(self.document)[1])}
        else:
            initial = CriterionForm.initial_of(self.current)
        self.criterion = CriterionForm(data, initial=initial)
        return [(_("测评标准"), self.criterion)]

    def part(self) -> Part:
        return self.criterion.part(_clauses(self.rows, self.criterion.cleaned_data["number"]))

    def apply(self) -> Document:
        adjust = bool(self.criterion.cleaned_data.get("adjust_item"))
        item = self.target.item
        if self.target.index is None:
            return editing.criterion_add(self.document, item, self.part(), adjust_item=adjust)
        return editing.criterion_update(
            self.document, item, self.target.index, self.part(), adjust_item=adjust
        )

    def note(self, document: Mapping[str, Any]) -> str:
        item = document["items"][self.target.item]
        return _("已保存。测评项目“%(name)s”现为 %(points)s 分。") % {
            "name": item.get("name"),
            "points": item.get("points"),
        }


def _criteria_choices(document: Mapping[str, Any]) -> list[tuple[int, str]]:
    return [
        (criterion["number"], str(criterion.get("points")))
        for item in document.get("items") or []
        for criterion in item.get("criteria") or []
    ]


class ThresholdEditor(PartEditor):
    title = gettext_lazy("达标指标")
    rows_form = ConditionForm
    rows_title = gettext_lazy("达标条件（全部达到才得分）")
    row_title = gettext_lazy("条件")
    rows_key = "conditions"
    threshold: ThresholdForm

    def make_forms(self, data: Data) -> list[tuple[Promise | str, forms.Form]]:
        initial = ThresholdForm.initial_of(self.current or {})
        criteria = _criteria_choices(self.document)
        self.threshold = ThresholdForm(data, initial=initial, criteria=criteria)
        return [(self.title, self.threshold)]

    def part(self) -> Part:
        filled = _filled(self.rows)
        keys = _keys(filled, lambda _position, row: ConditionForm.default_key(row))
        conditions = [
            ConditionForm.part_of(row, key) for row, key in zip(filled, keys, strict=True)
        ]
        return self.threshold.part(conditions)


class BonusEditor(PartEditor):
    title = gettext_lazy("特色加分项目")
    rows_form = LevelForm
    rows_title = gettext_lazy("加分档次")
    row_title = gettext_lazy("档次")
    rows_key = "levels"
    bonus: BonusForm

    def make_forms(self, data: Data) -> list[tuple[Promise | str, forms.Form]]:
        self.bonus = BonusForm(data, initial=BonusForm.initial_of(self.current or {}))
        return [(self.title, self.bonus)]

    def part(self) -> Part:
        return self.bonus.part([LevelForm.part_of(row, "") for row in _filled(self.rows)])


class DeductionEditor(PartEditor):
    title = gettext_lazy("减分项目")
    deduction: DeductionForm

    def make_forms(self, data: Data) -> list[tuple[Promise | str, forms.Form]]:
        initial = DeductionForm.initial_of(self.current or {})
        self.deduction = DeductionForm(data, initial=initial)
        return [(self.title, self.deduction)]

    def part(self) -> Part:
        key = str(self.deduction.cleaned_data.get("key") or "").strip()
        return self.deduction.part(key or _free_key(self.document, "deductions", "deduction"))


class NegativeEditor(PartEditor):
    title = gettext_lazy("负面清单")
    entry: NegativeForm

    def make_forms(self, data: Data) -> list[tuple[Promise | str, forms.Form]]:
        self.entry = NegativeForm(data, initial=NegativeForm.initial_of(self.current or {}))
        return [(self.title, self.entry)]

    def part(self) -> Part:
        key = str(self.entry.cleaned_data.get("key") or "").strip()
        return self.entry.part(key or _free_key(self.document, "negative_list", "negative"))


def _conditions(rows: BaseFormSet[Any] | None, item: int, taken: set[str]) -> list[Part]:
    """The rows as conditions; a blank key becomes the next free ``<item>.<n>``.

    ``taken`` holds the keys of the other items' conditions: keys are unique in the
    whole checklist, so a new condition never borrows one.
    """
    filled = _filled(rows)
    used = taken | {str(row.get("key") or "").strip() for row in filled}
    conditions = []
    for position, row in enumerate(filled, start=1):
        key = str(row.get("key") or "").strip()
        n = position
        while not key:
            if f"{item}.{n}" not in used:
                key = f"{item}.{n}"
                used.add(key)
            n += 1
        conditions.append(ChecklistConditionForm.part_of(row, key))
    return conditions


class ChecklistItemEditor(PartEditor):
    """A checklist's item (标准项目) and its conditions (达标条件) as rows."""

    title = gettext_lazy("标准项目")
    rows_form = ChecklistConditionForm
    rows_title = gettext_lazy("达标条件")
    row_title = gettext_lazy("达标条件")
    rows_key = "conditions"
    prefix: ClassVar[str | None] = None
    item: ChecklistItemForm

    def item_form(self, data: Data) -> ChecklistItemForm:
        if self.current is None:
            initial = {"number": editing.next_number(editing.numbers(self.document)[0])}
        else:
            initial = ChecklistItemForm.initial_of(self.current)
        self.item = ChecklistItemForm(data, prefix=self.prefix, initial=initial)
        return self.item

    def make_forms(self, data: Data) -> list[tuple[Promise | str, forms.Form]]:
        return [(self.title, self.item_form(data))]

    def part(self) -> Part:
        item = self.item.part(self.current)
        taken = editing.condition_keys(self.document, skip_item=self.target.index)
        conditions = _conditions(self.rows, item["number"], taken)
        return editing.item_with_conditions(item["number"], item["name"], conditions)

    def note(self, document: Mapping[str, Any]) -> str:
        item = self.part()
        return _("已保存。标准项目“%(name)s”现有 %(count)s 项达标条件。") % {
            "name": item["name"],
            "count": len(item["conditions"]),
        }


class NewChecklistEditor(ChecklistItemEditor):
    """A new checklist: its header and its first item with that item's conditions."""

    title = gettext_lazy("创建标准")
    prefix = "item"  # the header has a name field too
    header: HeaderForm

    @property
    def heading(self) -> str:
        return _("新建创建标准（达标制）")

    def make_forms(self, data: Data) -> list[tuple[Promise | str, forms.Form]]:
        self.header = HeaderForm(data, new=True, with_step=False, initial={"category": "family"})
        return [(_("基本信息"), self.header), (_("第一个标准项目"), self.item_form(data))]

    def apply(self) -> Document:
        return editing.checklist_new(self.header.header(), self.part())


def _remove(document: Mapping[str, Any], target: Target) -> Document:
    return editing.part_remove(document, target.path)


def _remove_criterion(document: Mapping[str, Any], target: Target) -> Document:
    # Removing a criterion takes its points off its item, so the item still adds up.
    if target.index is None:
        raise editing.PartNotFound(target.list_path)
    return editing.criterion_remove(document, target.item, target.index, adjust_item=True)


@dataclass(frozen=True)
class Section:
    """A list of parts the editor adds to, edits and removes from."""

    name: str
    title: Promise
    add: type[PartEditor]
    edit: type[PartEditor]
    remove: Callable[[Mapping[str, Any], Target], Document] = _remove
    in_item: bool = False  # its parts sit in an item (a criterion), not at the top

    def target(self, index: int | None, item: int | None) -> Target:
        """Where the section's part ``index`` is (None: a new one), in ``item`` if nested."""
        if self.in_item != (item is not None):
            raise editing.PartNotFound((self.name,))
        if item is not None:
            return Target(("items", item, self.name), index)
        return Target((self.name,), index)


FRAMEWORK_SECTIONS = {
    section.name: section
    for section in (
        Section("items", gettext_lazy("测评项目"), NewItemEditor, ItemEditor),
        Section(
            "criteria",
            gettext_lazy("测评标准"),
            CriterionEditor,
            CriterionEditor,
            _remove_criterion,
            in_item=True,
        ),
        Section("thresholds", gettext_lazy("达标指标"), ThresholdEditor, ThresholdEditor),
        Section("bonuses", gettext_lazy("特色加分项目"), BonusEditor, BonusEditor),
        Section("deductions", gettext_lazy("减分项目"), DeductionEditor, DeductionEditor),
        Section("negative_list", gettext_lazy("负面清单"), NegativeEditor, NegativeEditor),
    )
}

CHECKLIST_SECTIONS = {
    section.name: section
    for section in (
        Section("items", gettext_lazy("标准项目"), ChecklistItemEditor, ChecklistItemEditor),
        Section("negative_list", gettext_lazy("负面清单"), NegativeEditor, NegativeEditor),
    )
}

#: What each kind of document can have edited; kinds missing here are not editable.
SECTIONS: dict[str, dict[str, Section]] = {
    editing.KIND_FRAMEWORK: FRAMEWORK_SECTIONS,
    editing.KIND_CHECKLIST: CHECKLIST_SECTIONS,
}

#: The editor that starts a new document of each kind (header and first item).
NEW: dict[str, type[PartEditor]] = {
    editing.KIND_FRAMEWORK: NewFrameworkEditor,
    editing.KIND_CHECKLIST: NewChecklistEditor,
}
