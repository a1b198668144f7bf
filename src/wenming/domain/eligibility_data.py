"""Reading an eligibility table (docs/rules.md#eligibility) from its YAML document
form, with clear errors.

A campaign's rules are data (``campaigns/data/eligibility-<edition>.yaml``); this module
turns the parsed document (a plain dict) into an ``EligibilityTable`` and refuses anything
it cannot read with an ``EligibilityTableError`` that names the row and field. The format:

.. code-block:: yaml

    format: wenming-eligibility/1
    edition: 20
    default_window: {previous: 2}        # optional; the default is the two previous editions
    counted_statuses: [active, expired]  # optional; revoked can never count
    exclusions:
      - {id: fulltime-school-unit, category: unit, fulltime_school: true, instead: campus}
    rules:
      - id: unit-municipal-model
        award: {category: unit, level: municipal, model: true}  # or awards: [..]
        kinds: [unit, school]
        route: title                      # any | title | keep | exceptional
        any_of:
          - {category: unit, level: municipal, model: false, window: {editions: [18, 19]}}
          - {honor: most_beautiful_family, levels: [municipal]}

A window is ``any_earlier``, ``{previous: N}`` or ``{editions: [..]}``; a title's
``model`` is ``true``, ``false`` or ``any``; ``or_higher: true`` also admits every higher
rung of the ladder. A row with ``awards`` becomes one rule per award, sharing the id.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from wenming.domain.eligibility import (
    DEFAULT_COUNTED_STATUSES,
    DEFAULT_WINDOW,
    Award,
    EligibilityRule,
    EligibilityTable,
    Exclusion,
    HonorRequirement,
    Requirement,
    Route,
    TitleRequirement,
    Window,
    WindowKind,
)
from wenming.domain.titles import (
    KIND_CATEGORIES,
    Category,
    HonorKind,
    HonorLevel,
    Level,
    OrganizationKind,
    TitleStatus,
    UnitType,
    has_model_tier,
)

FORMAT = "wenming-eligibility/1"

_TABLE_FIELDS = frozenset(
    {"format", "edition", "source", "default_window", "counted_statuses", "exclusions", "rules"}
)
_RULE_FIELDS = frozenset(
    {"id", "award", "awards", "kinds", "unit_types", "route", "any_of", "source", "note"}
)
_AWARD_FIELDS = frozenset({"category", "level", "model"})
_TITLE_FIELDS = frozenset({"category", "level", "model", "or_higher", "window"})
_HONOR_FIELDS = frozenset({"honor", "levels"})
_EXCLUSION_FIELDS = frozenset(
    {"id", "category", "fulltime_school", "kinds", "unit_types", "instead", "source", "note"}
)


class EligibilityTableError(ValueError):
    """A rule table that cannot be read: ``code`` says what, ``params`` say where.

    ``params`` always holds ``section`` ("table", "rules" or "exclusions"), ``index``
    (the row's position, or None), ``row`` (its id, or "") and ``field`` (a dotted path).
    """

    def __init__(self, code: str, where: _Where, field: str, **details: Any) -> None:
        self.code = code
        self.params: dict[str, Any] = {
            "section": where.section,
            "index": where.index,
            "row": where.row,
            "field": field,
            **details,
        }
        detail = ", ".join(f"{key}={value!r}" for key, value in details.items())
        super().__init__(
            f"{where}: {field or '(document)'}: {code}" + (f" ({detail})" if detail else "")
        )


class _Where:
    """The row being read, for error messages."""

    def __init__(self, section: str, index: int | None = None, row: str = "") -> None:
        self.section = section
        self.index = index
        self.row = row

    def __str__(self) -> str:
        if self.index is None:
            return self.section
        return f"{self.section}[{self.index}]" + (f" '{self.row}'" if self.row else "")


def _mapping(
    value: object, where: _Where, field: str, allowed: frozenset[str]
) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise EligibilityTableError("not_a_mapping", where, field, value=value)
    # Name the row in every error, even one about a misspelt field.
    if not where.row and not field and isinstance(value.get("id"), str):
        where.row = value["id"]
    unknown = sorted(str(key) for key in value if key not in allowed)
    if unknown:
        raise EligibilityTableError(
            "unknown_field", where, _join(field, unknown[0]), allowed=sorted(allowed)
        )
    return value


def _join(field: str, name: str) -> str:
    return f"{field}.{name}" if field else name


def _required(data: Mapping[str, Any], name: str, where: _Where, field: str) -> Any:
    if name not in data or data[name] is None:
        raise EligibilityTableError("missing_field", where, _join(field, name))
    return data[name]


def _enum[E: StrEnum](enum: type[E], value: object, where: _Where, field: str) -> E:
    if isinstance(value, str):
        try:
            return enum(value)
        except ValueError:
            pass
    raise EligibilityTableError(
        "unknown_value", where, field, value=value, allowed=[m.value for m in enum]
    )


def _enums[E: StrEnum](
    enum: type[E], value: object, where: _Where, field: str, *, empty: bool
) -> tuple[E, ...]:
    if not isinstance(value, list):
        raise EligibilityTableError("not_a_list", where, field, value=value)
    if not value and not empty:
        raise EligibilityTableError("empty_list", where, field)
    items = tuple(_enum(enum, item, where, f"{field}[{i}]") for i, item in enumerate(value))
    if len(set(items)) != len(items):
        raise EligibilityTableError("duplicate_value", where, field, value=value)
    return items


def _bool(value: object, where: _Where, field: str) -> bool:
    # YAML 1.1 reads yes/no as booleans too; anything else (a string, 0/1) is a typo here.
    if not isinstance(value, bool):
        raise EligibilityTableError("not_a_boolean", where, field, value=value)
    return value


def _edition(value: object, where: _Where, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise EligibilityTableError("bad_edition", where, field, value=value)
    return value


def _window(value: object, edition: int, where: _Where, field: str) -> Window:
    if value == WindowKind.ANY_EARLIER.value:
        return Window(WindowKind.ANY_EARLIER)
    if not isinstance(value, Mapping) or len(value) != 1:
        raise EligibilityTableError(
            "bad_window", where, field, value=value,
            expected=["any_earlier", "{previous: N}", "{editions: [..]}"],
        )  # fmt: skip
    ((key, inner),) = value.items()
    if key == WindowKind.PREVIOUS.value:
        if isinstance(inner, bool) or not isinstance(inner, int) or not 1 <= inner < edition:
            raise EligibilityTableError(
                "bad_window", where, _join(field, "previous"), value=inner, table_edition=edition
            )
        return Window(WindowKind.PREVIOUS, count=inner)
    if key == WindowKind.EDITIONS.value:
        if not isinstance(inner, list) or not inner:
            raise EligibilityTableError("bad_window", where, _join(field, "editions"), value=inner)
        editions = tuple(
            _edition(item, where, f"{field}.editions[{i}]") for i, item in enumerate(inner)
        )
        for i, number in enumerate(editions):
            # A window looks back: the running edition's titles are its outcome.
            if number >= edition:
                raise EligibilityTableError(
                    "edition_not_earlier",
                    where,
                    f"{field}.editions[{i}]",
                    value=number,
                    table_edition=edition,
                )
        return Window(WindowKind.EDITIONS, editions=tuple(sorted(set(editions))))
    raise EligibilityTableError(
        "bad_window", where, field, value=value,
        expected=["any_earlier", "{previous: N}", "{editions: [..]}"],
    )  # fmt: skip


def _award(value: object, where: _Where, field: str) -> Award:
    data = _mapping(value, where, field, _AWARD_FIELDS)
    category = _enum(
        Category, _required(data, "category", where, field), where, _join(field, "category")
    )
    level = _enum(Level, _required(data, "level", where, field), where, _join(field, "level"))
    model = _bool(data.get("model", False), where, _join(field, "model"))
    if model and not has_model_tier(category):
        raise EligibilityTableError(
            "no_model_tier", where, _join(field, "model"), category=category.value
        )
    return Award(category, level, model)


def _requirement(
    value: object, edition: int, kinds: tuple[OrganizationKind, ...], where: _Where, field: str
) -> Requirement:
    if isinstance(value, Mapping) and "honor" in value:
        data = _mapping(value, where, field, _HONOR_FIELDS)
        kind = _enum(HonorKind, data["honor"], where, _join(field, "honor"))
        levels = _enums(
            HonorLevel, data.get("levels", []), where, _join(field, "levels"), empty=True
        )
        return HonorRequirement(kind, levels)
    data = _mapping(value, where, field, _TITLE_FIELDS)
    category = _enum(
        Category, _required(data, "category", where, field), where, _join(field, "category")
    )
    level = _enum(Level, _required(data, "level", where, field), where, _join(field, "level"))
    raw_model = _required(data, "model", where, field)
    model: bool | None = (
        None if raw_model == "any" else _bool(raw_model, where, _join(field, "model"))
    )
    if model and not has_model_tier(category):
        raise EligibilityTableError(
            "no_model_tier", where, _join(field, "model"), category=category.value
        )
    # A requirement no applicant of the row could ever hold is a mistake in the table.
    if not any(category in KIND_CATEGORIES[kind] for kind in kinds):
        raise EligibilityTableError(
            "requirement_unreachable",
            where,
            _join(field, "category"),
            category=category.value,
            kinds=[kind.value for kind in kinds],
        )
    or_higher = _bool(data.get("or_higher", False), where, _join(field, "or_higher"))
    window = None
    if "window" in data:
        window = _window(data["window"], edition, where, _join(field, "window"))
    return TitleRequirement(category, level, model, or_higher, window)


def _rules(value: object, edition: int, index: int, seen: set[str]) -> list[EligibilityRule]:
    where = _Where("rules", index)
    data = _mapping(value, where, "", _RULE_FIELDS)
    rule_id = _required(data, "id", where, "")
    if not isinstance(rule_id, str) or not rule_id.strip():
        raise EligibilityTableError("bad_id", where, "id", value=rule_id)
    where.row = rule_id
    if rule_id in seen:
        raise EligibilityTableError("duplicate_id", where, "id", value=rule_id)
    seen.add(rule_id)

    if ("award" in data) == ("awards" in data):
        raise EligibilityTableError("award_or_awards", where, "award")
    if "award" in data:
        awards = [_award(data["award"], where, "award")]
    else:
        raw = data["awards"]
        if not isinstance(raw, list) or not raw:
            raise EligibilityTableError("empty_list", where, "awards")
        awards = [_award(item, where, f"awards[{i}]") for i, item in enumerate(raw)]

    kinds = _enums(
        OrganizationKind, _required(data, "kinds", where, ""), where, "kinds", empty=False
    )
    for award in awards:
        for kind in kinds:
            if award.category not in KIND_CATEGORIES[kind]:
                raise EligibilityTableError(
                    "kind_cannot_hold",
                    where,
                    "kinds",
                    kind=kind.value,
                    category=award.category.value,
                )
    unit_types = _enums(UnitType, data.get("unit_types", []), where, "unit_types", empty=True)
    if unit_types and OrganizationKind.UNIT not in kinds:
        raise EligibilityTableError("unit_types_without_unit", where, "unit_types")

    route = _enum(Route, _required(data, "route", where, ""), where, "route")
    raw_any_of = data.get("any_of", [])
    if not isinstance(raw_any_of, list):
        raise EligibilityTableError("not_a_list", where, "any_of", value=raw_any_of)
    needs = route in (Route.TITLE, Route.KEEP)
    if needs and not raw_any_of:
        raise EligibilityTableError("route_needs_requirements", where, "any_of", route=route.value)
    if not needs and raw_any_of:
        raise EligibilityTableError(
            "route_takes_no_requirements", where, "any_of", route=route.value
        )
    any_of = tuple(
        _requirement(item, edition, kinds, where, f"any_of[{i}]")
        for i, item in enumerate(raw_any_of)
    )
    source = str(data.get("source", ""))
    return [
        EligibilityRule(rule_id, award, kinds, route, any_of, unit_types, source)
        for award in awards
    ]


def _exclusion(value: object, index: int, seen: set[str]) -> Exclusion:
    where = _Where("exclusions", index)
    data = _mapping(value, where, "", _EXCLUSION_FIELDS)
    exclusion_id = _required(data, "id", where, "")
    if not isinstance(exclusion_id, str) or not exclusion_id.strip():
        raise EligibilityTableError("bad_id", where, "id", value=exclusion_id)
    where.row = exclusion_id
    if exclusion_id in seen:
        raise EligibilityTableError("duplicate_id", where, "id", value=exclusion_id)
    seen.add(exclusion_id)
    category = _enum(Category, _required(data, "category", where, ""), where, "category")
    fulltime = None
    if "fulltime_school" in data:
        fulltime = _bool(data["fulltime_school"], where, "fulltime_school")
    kinds = _enums(OrganizationKind, data.get("kinds", []), where, "kinds", empty=True)
    unit_types = _enums(UnitType, data.get("unit_types", []), where, "unit_types", empty=True)
    # An exclusion without a condition would shut the whole category: surely a typo.
    if fulltime is None and not kinds and not unit_types:
        raise EligibilityTableError("exclusion_without_condition", where, "")
    instead = None
    if data.get("instead") is not None:
        instead = _enum(Category, data["instead"], where, "instead")
    return Exclusion(
        exclusion_id, category, fulltime, kinds, unit_types, instead, str(data.get("source", ""))
    )


def table_from_dict(document: object) -> EligibilityTable:
    """Read and check a rule table from its document form; raise EligibilityTableError."""
    where = _Where("table")
    data = _mapping(document, where, "", _TABLE_FIELDS)
    fmt = _required(data, "format", where, "")
    if fmt != FORMAT:
        raise EligibilityTableError("unknown_format", where, "format", value=fmt, expected=FORMAT)
    edition = _edition(_required(data, "edition", where, ""), where, "edition")

    default_window = DEFAULT_WINDOW
    if "default_window" in data:
        default_window = _window(data["default_window"], edition, where, "default_window")

    counted = DEFAULT_COUNTED_STATUSES
    if "counted_statuses" in data:
        statuses = _enums(
            TitleStatus, data["counted_statuses"], where, "counted_statuses", empty=False
        )
        # docs/rules.md#title-end and the engine's contract: a revoked title never opens a
        # row, and a title in force always counts.
        if TitleStatus.REVOKED in statuses:
            raise EligibilityTableError("revoked_cannot_count", where, "counted_statuses")
        if TitleStatus.ACTIVE not in statuses:
            raise EligibilityTableError("active_must_count", where, "counted_statuses")
        counted = frozenset(statuses)

    raw_rules = _required(data, "rules", where, "")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise EligibilityTableError("empty_list", where, "rules")
    seen: set[str] = set()
    rules = [rule for i, item in enumerate(raw_rules) for rule in _rules(item, edition, i, seen)]

    raw_exclusions = data.get("exclusions", [])
    if not isinstance(raw_exclusions, list):
        raise EligibilityTableError("not_a_list", where, "exclusions", value=raw_exclusions)
    seen_exclusions: set[str] = set()
    exclusions = [_exclusion(item, i, seen_exclusions) for i, item in enumerate(raw_exclusions)]

    return EligibilityTable(
        edition=edition,
        rules=tuple(rules),
        exclusions=tuple(exclusions),
        default_window=default_window,
        counted_statuses=counted,
        source=str(data.get("source", "")),
    )


def load_table_file(path: Path) -> EligibilityTable:
    """Read a rule table from a YAML file; errors name the file as well as the row."""
    with path.open(encoding="utf-8") as stream:
        try:
            document = yaml.safe_load(stream)
        except yaml.YAMLError as error:
            raise EligibilityTableError(
                "not_yaml", _Where("table"), "", file=str(path), detail=str(error)
            ) from error
    try:
        return table_from_dict(document)
    except EligibilityTableError as error:
        error.params["file"] = str(path)
        error.args = (f"{path}: {error.args[0]}",)
        raise
