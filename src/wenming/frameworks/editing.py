"""Editing a framework document one part at a time: pure functions, no Django.

A part is named by its path in the document: ``("items", 0)`` is the first item,
``("items", 0, "criteria", 1)`` its second criterion, ``("bonuses", 2)`` the third bonus
item. Every operation returns a new document and leaves the one it was given as it was.
Nothing here validates: the caller checks the result as the importer does
(``framework_validate``) and saves nothing when it is refused, so an edit that breaks a
sum is caught with the importer's own message.

The path operations (``part_add``, ``part_update``, ``part_remove``, ``header_set``) know
nothing of points and serve any kind of document (a checklist's items and conditions as
well as a framework's). The criterion operations keep an item's total in step with its
criteria when asked: adding a 2-point criterion to an item adds 2 to the item's points.
A new document starts from its header and first item (``framework_new``,
``checklist_new``), never empty.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

Document = dict[str, Any]
Part = dict[str, Any]
Path = tuple[str | int, ...]

KIND_FRAMEWORK = "framework"
KIND_CHECKLIST = "checklist"  # 创建标准 (达标制): items of conditions, no points

#: The header of a framework document: everything but its parts and its version.
FRAMEWORK_HEADER = ("code", "name", "issuing_body", "category", "level", "edition", "step", "notes")

#: A checklist's header: a framework's without the scoring step (nothing is scored).
CHECKLIST_HEADER = tuple(key for key in FRAMEWORK_HEADER if key != "step")

#: The lists a framework document holds beside its items, each empty in a new document.
FRAMEWORK_LISTS = ("bonuses", "thresholds", "deductions", "negative_list")

#: The lists a checklist holds beside its items.
CHECKLIST_LISTS = ("negative_list",)

#: The field that orders the parts of a list: a new part goes in at its place by it.
ORDER_BY = {"items": "number", "criteria": "number", "thresholds": "criterion"}


class PartNotFound(LookupError):
    """The path names no part of the document (a stale link, a part removed meanwhile)."""


def part_get(document: Mapping[str, Any], path: Path) -> Any:
    """The part at ``path``."""
    node: Any = document
    for step in path:
        if isinstance(step, int) and (step < 0 or not isinstance(node, list)):
            raise PartNotFound(path)
        if isinstance(step, str) and not isinstance(node, Mapping):
            raise PartNotFound(path)
        try:
            node = node[step]
        except (KeyError, IndexError):
            raise PartNotFound(path) from None
    return node


def _list_at(document: Document, path: Path) -> list[Any]:
    """The list at ``path`` in ``document`` (a copy being edited), made when it is missing."""
    *parent_path, key = path
    parent = part_get(document, tuple(parent_path))
    if not isinstance(key, str) or not isinstance(parent, dict):
        raise PartNotFound(path)
    if parent.get(key) is None:
        parent[key] = []
    found = parent[key]
    if not isinstance(found, list):
        raise PartNotFound(path)
    return found


def _place(siblings: list[Any], part: Mapping[str, Any], key: str | None) -> int:
    """Where ``part`` goes among ``siblings``: before the first one ordered after it."""
    value = part.get(key) if key else None
    if not isinstance(value, int):
        return len(siblings)
    for index, sibling in enumerate(siblings):
        other = sibling.get(key) if isinstance(sibling, Mapping) else None
        if isinstance(other, int) and other > value:
            return index
    return len(siblings)


def part_add(document: Mapping[str, Any], list_path: Path, part: Mapping[str, Any]) -> Document:
    """A copy of ``document`` with ``part`` added to the list at ``list_path``.

    Items and criteria go in by number and thresholds by criterion; others at the end.
    """
    out = copy.deepcopy(dict(document))
    siblings = _list_at(out, list_path)
    name = list_path[-1]
    siblings.insert(_place(siblings, part, ORDER_BY.get(str(name))), copy.deepcopy(dict(part)))
    return out


def _split(path: Path) -> tuple[Path, int]:
    if not path or not isinstance(path[-1], int):
        raise PartNotFound(path)
    return path[:-1], path[-1]


def part_update(document: Mapping[str, Any], path: Path, part: Mapping[str, Any]) -> Document:
    """A copy of ``document`` with the part at ``path`` replaced by ``part``, in its place."""
    list_path, index = _split(path)
    part_get(document, path)
    out = copy.deepcopy(dict(document))
    _list_at(out, list_path)[index] = copy.deepcopy(dict(part))
    return out


def part_remove(document: Mapping[str, Any], path: Path) -> Document:
    """A copy of ``document`` without the part at ``path``."""
    list_path, index = _split(path)
    part_get(document, path)
    out = copy.deepcopy(dict(document))
    del _list_at(out, list_path)[index]
    return out


def header_set(document: Mapping[str, Any], header: Mapping[str, Any]) -> Document:
    """A copy of ``document`` with the header fields in ``header`` set; its parts untouched.

    A field given as ``""`` is left out, as the document form leaves out an unset field.
    """
    out = copy.deepcopy(dict(document))
    for key, value in header.items():
        if value == "":
            out.pop(key, None)
        else:
            out[key] = value
    return out


# --- points ------------------------------------------------------------------------------


def points_text(value: Decimal) -> str:
    """Points as a document writes them: '2', '0.5' (no trailing zeros, no exponent)."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _points(part: Mapping[str, Any] | None) -> Decimal | None:
    if part is None:
        return Decimal(0)
    try:
        return Decimal(str(part.get("points")))
    except InvalidOperation:
        return None


def _shift_points(item: Part, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> None:
    """Move ``item``'s points by what a criterion's points moved (nothing when unreadable)."""
    before, after, total = _points(old), _points(new), _points(item)
    if before is None or after is None or total is None:
        return  # the validator names the unreadable figure
    item["points"] = points_text(total + after - before)


# --- criteria -----------------------------------------------------------------------------


def _criteria_path(item: int) -> Path:
    return ("items", item, "criteria")


def criterion_add(
    document: Mapping[str, Any], item: int, criterion: Mapping[str, Any], *, adjust_item: bool
) -> Document:
    """Add a criterion to an item; with ``adjust_item`` the item's points grow by its points."""
    out = part_add(document, _criteria_path(item), criterion)
    if adjust_item:
        _shift_points(out["items"][item], None, criterion)
    return out


def criterion_update(
    document: Mapping[str, Any],
    item: int,
    index: int,
    criterion: Mapping[str, Any],
    *,
    adjust_item: bool,
) -> Document:
    """Replace a criterion; with ``adjust_item`` the item's points follow its change."""
    path = (*_criteria_path(item), index)
    old = part_get(document, path)
    out = part_update(document, path, criterion)
    if adjust_item:
        _shift_points(out["items"][item], old, criterion)
    return out


def criterion_remove(
    document: Mapping[str, Any], item: int, index: int, *, adjust_item: bool
) -> Document:
    """Remove a criterion; with ``adjust_item`` the item's points drop by its points."""
    path = (*_criteria_path(item), index)
    old = part_get(document, path)
    out = part_remove(document, path)
    if adjust_item:
        _shift_points(out["items"][item], old, None)
    return out


# --- whole items and new documents ----------------------------------------------------


def item_with_criterion(number: int, name: str, criterion: Mapping[str, Any]) -> Part:
    """A new item holding one criterion, its total that criterion's points."""
    return {
        "number": number,
        "name": name,
        "points": criterion.get("points"),
        "criteria": [copy.deepcopy(dict(criterion))],
    }


def item_with_conditions(number: int, name: str, conditions: Sequence[Mapping[str, Any]]) -> Part:
    """A checklist's item (标准项目) holding ``conditions`` (达标条件)."""
    return {
        "number": number,
        "name": name,
        "conditions": [copy.deepcopy(dict(condition)) for condition in conditions],
    }


def _document_new(
    kind: str,
    fields: tuple[str, ...],
    lists: tuple[str, ...],
    header: Mapping[str, Any],
    item: Mapping[str, Any],
) -> Document:
    document: Document = {"kind": kind}
    document = header_set(document, {key: header[key] for key in fields if key in header})
    document["version"] = 1
    document["items"] = [copy.deepcopy(dict(item))]
    for key in lists:
        document[key] = []
    return document


def framework_new(header: Mapping[str, Any], item: Mapping[str, Any]) -> Document:
    """A new framework document (version 1) of ``header`` and its first item.

    A framework needs at least one item with one criterion with one scoring point, so
    a new one starts from its header and first item, never empty.
    """
    return _document_new(KIND_FRAMEWORK, FRAMEWORK_HEADER, FRAMEWORK_LISTS, header, item)


def checklist_new(header: Mapping[str, Any], item: Mapping[str, Any]) -> Document:
    """A new checklist document (version 1) of ``header`` and its first item.

    A checklist needs one item with one condition, so it starts from them, as a
    framework does; a ``step`` in ``header`` is left out (a checklist scores nothing).
    """
    return _document_new(KIND_CHECKLIST, CHECKLIST_HEADER, CHECKLIST_LISTS, header, item)


def condition_keys(document: Mapping[str, Any], skip_item: int | None = None) -> set[str]:
    """The condition keys a checklist uses, but for those of item ``skip_item`` (an index)."""
    return {
        str(condition.get("key"))
        for index, item in enumerate(document.get("items") or [])
        if isinstance(item, Mapping) and index != skip_item
        for condition in item.get("conditions") or []
        if isinstance(condition, Mapping) and condition.get("key")
    }


def numbers(document: Mapping[str, Any]) -> tuple[list[int], list[int]]:
    """The item numbers and the criterion numbers a document uses, in document order."""
    items = [i.get("number") for i in document.get("items") or [] if isinstance(i, Mapping)]
    criteria = [
        c.get("number")
        for i in document.get("items") or []
        if isinstance(i, Mapping)
        for c in i.get("criteria") or []
        if isinstance(c, Mapping)
    ]
    return [n for n in items if isinstance(n, int)], [n for n in criteria if isinstance(n, int)]


def next_number(used: list[int]) -> int:
    """The number after the highest in use (1 when none is)."""
    return max(used, default=0) + 1
