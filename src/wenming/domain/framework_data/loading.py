"""Reading a framework document: ``load`` and its checks, each error with the path of
the offending field (``items[2].criteria[0].points``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from wenming.domain.checklists import Checklist, ChecklistItem, Condition
from wenming.domain.frameworks import (
    DEFAULT_STEP,
    HUNDRED,
    ZERO,
    BonusLevel,
    BonusRule,
    Clause,
    Component,
    CompositeFramework,
    ConditionKind,
    Criterion,
    Deduction,
    EvaluationComponent,
    EvaluationPart,
    Framework,
    FrameworkComponent,
    FrameworkError,
    GradeBand,
    Item,
    Method,
    NegativeEntry,
    RosterComponent,
    RosterEvent,
    Statistic,
    ThresholdCondition,
    ThresholdRule,
)
from wenming.domain.titles import Category, Level

KIND_FRAMEWORK = "framework"
KIND_COMPOSITE = "composite"
KIND_CHECKLIST = "checklist"  # 创建标准: conditions met or not, no points
_METHODS = frozenset(m.value for m in Method)

Document = dict[str, Any]


# --- reading ----------------------------------------------------------------------------


class _Node:
    """A mapping being read, with its path for error messages."""

    def __init__(self, data: object, path: str) -> None:
        if not isinstance(data, Mapping):
            raise FrameworkError("document_not_mapping", path=path or "$")
        self.data = data
        self.path = path

    def _at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def has(self, key: str) -> bool:
        return key in self.data

    def raw(self, key: str) -> object:
        if key not in self.data:
            raise FrameworkError("field_missing", path=self._at(key))
        return self.data[key]

    def text(self, key: str, default: str | None = None) -> str:
        if default is not None and key not in self.data:
            return default
        value = self.raw(key)
        if not isinstance(value, str):
            raise FrameworkError("field_not_text", path=self._at(key), value=value)
        return value

    def integer(self, key: str, default: int | None = None) -> int:
        if default is not None and key not in self.data:
            return default
        value = self.raw(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise FrameworkError("field_not_integer", path=self._at(key), value=value)
        return value

    def optional_integer(self, key: str) -> int | None:
        if self.data.get(key) is None:
            return None
        return self.integer(key)

    def decimal(self, key: str, default: Decimal | None = None) -> Decimal:
        if default is not None and key not in self.data:
            return default
        return _decimal(self.raw(key), self._at(key))

    def optional_decimal(self, key: str) -> Decimal | None:
        if self.data.get(key) is None:
            return None
        return self.decimal(key)

    def boolean(self, key: str, default: bool) -> bool:
        if key not in self.data:
            return default
        value = self.data[key]
        if not isinstance(value, bool):
            raise FrameworkError("field_not_boolean", path=self._at(key), value=value)
        return value

    def day(self, key: str) -> date | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise FrameworkError("field_not_date", path=self._at(key), value=value)

    def texts(self, key: str) -> tuple[str, ...]:
        values = self.list(key, required=False)
        for index, value in enumerate(values):
            if not isinstance(value, str):
                raise FrameworkError("field_not_text", path=f"{self._at(key)}[{index}]")
        return tuple(values)

    def methods(self, key: str) -> tuple[Method, ...]:
        values = self.texts(key)
        for index, value in enumerate(values):
            if value not in _METHODS:
                raise FrameworkError(
                    "field_choice_invalid", path=f"{self._at(key)}[{index}]", value=value
                )
        return tuple(Method(value) for value in values)

    def list(self, key: str, *, required: bool = True) -> list[Any]:
        if not required and key not in self.data:
            return []
        value = self.raw(key)
        if value is None and not required:
            return []
        if not isinstance(value, list):
            raise FrameworkError("field_not_list", path=self._at(key))
        return value

    def children[T](
        self, key: str, build: Callable[[_Node], T], *, required: bool = True
    ) -> tuple[T, ...]:
        out = []
        for index, child in enumerate(self.list(key, required=required)):
            path = f"{self._at(key)}[{index}]"
            out.append(_build(build, _Node(child, path)))
        return tuple(out)

    def choice[T](self, key: str, enum: Callable[[str], T], default: str | None = None) -> T:
        value = self.text(key, default)
        try:
            return enum(value)
        except ValueError:
            raise FrameworkError("field_choice_invalid", path=self._at(key), value=value) from None

    def check_keys(self, allowed: tuple[str, ...]) -> None:
        # Unknown keys are refused: a misspelt "ponits" must not silently become a default.
        for key in self.data:
            if key not in allowed:
                raise FrameworkError("field_unknown", path=self._at(str(key)))


def _build[T](build: Callable[[_Node], T], node: _Node) -> T:
    try:
        return build(node)
    except FrameworkError as error:
        # Point the validator's complaint at the object that failed, innermost path first.
        if "path" not in error.params:
            error.params["path"] = node.path
            error.args = (f"{error.args[0]} at {node.path}",)
        raise


def _decimal(value: object, path: str) -> Decimal:
    if isinstance(value, bool | float):
        # A YAML float such as 0.2 is a binary float: refuse it and ask for a string.
        raise FrameworkError("field_float_not_allowed", path=path, value=value)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            result = Decimal(value)
        except InvalidOperation:
            pass
        else:
            if result.is_finite():
                return result
    raise FrameworkError("field_not_decimal", path=path, value=value)


_CLAUSE_KEYS = ("key", "text", "points", "methods", "departments", "evidence")


def _clause(node: _Node) -> Clause:
    node.check_keys(_CLAUSE_KEYS)
    return Clause(
        key=node.text("key"),
        text=node.text("text", ""),
        points=node.decimal("points"),
        methods=node.methods("methods"),
        departments=node.texts("departments"),
        evidence=node.texts("evidence"),
    )


def _criterion(node: _Node) -> Criterion:
    node.check_keys(("number", "text", "points", "clauses"))
    return Criterion(
        number=node.integer("number"),
        text=node.text("text", ""),
        points=node.decimal("points"),
        clauses=node.children("clauses", _clause),
    )


def _item(node: _Node) -> Item:
    node.check_keys(("number", "name", "points", "criteria"))
    return Item(
        number=node.integer("number"),
        name=node.text("name"),
        points=node.decimal("points"),
        criteria=node.children("criteria", _criterion),
    )


def _bonus_level(node: _Node) -> BonusLevel:
    node.check_keys(("level", "points", "text"))
    return BonusLevel(node.text("level"), node.decimal("points"), node.text("text", ""))


def _bonus(node: _Node) -> BonusRule:
    node.check_keys(
        (
            "key",
            "name",
            "cap",
            "window_start",
            "window_end",
            "once_per_content",
            "levels",
            "text",
            "methods",
            "departments",
        )
    )
    return BonusRule(
        key=node.text("key"),
        name=node.text("name"),
        cap=node.decimal("cap"),
        levels=node.children("levels", _bonus_level),
        window_start=node.day("window_start"),
        window_end=node.day("window_end"),
        once_per_content=node.boolean("once_per_content", False),
        text=node.text("text", ""),
        methods=node.methods("methods"),
        departments=node.texts("departments"),
    )


def _condition(node: _Node) -> ThresholdCondition:
    node.check_keys(
        (
            "key",
            "kind",
            "numerator",
            "denominator",
            "questionnaire",
            "minimum",
            "all_required_below",
        )
    )
    numerator = node.choice("numerator", Statistic) if node.has("numerator") else None
    denominator = node.choice("denominator", Statistic) if node.has("denominator") else None
    return ThresholdCondition(
        key=node.text("key"),
        kind=node.choice("kind", ConditionKind),
        minimum=node.decimal("minimum"),
        numerator=numerator,
        denominator=denominator,
        questionnaire=node.text("questionnaire", ""),
        all_required_below=node.optional_integer("all_required_below"),
    )


def _threshold(node: _Node) -> ThresholdRule:
    node.check_keys(("criterion", "points", "conditions"))
    return ThresholdRule(
        criterion=node.integer("criterion"),
        points=node.decimal("points"),
        conditions=node.children("conditions", _condition),
    )


def _deduction(node: _Node) -> Deduction:
    node.check_keys(("key", "text", "points", "cap"))
    return Deduction(
        node.text("key"),
        node.text("text", ""),
        node.decimal("points"),
        node.optional_decimal("cap"),
    )


def _negative(node: _Node) -> NegativeEntry:
    node.check_keys(("key", "text"))
    return NegativeEntry(node.text("key"), node.text("text", ""))


_FRAMEWORK_KEYS = (
    "kind",
    "code",
    "name",
    "issuing_body",
    "category",
    "level",
    "edition",
    "version",
    "step",
    "notes",
    "items",
    "bonuses",
    "thresholds",
    "deductions",
    "negative_list",
)


def _header(node: _Node) -> dict[str, Any]:
    """The fields a framework and a checklist share: who issued what, of which category."""
    return {
        "code": node.text("code"),
        "name": node.text("name"),
        "issuing_body": node.text("issuing_body", ""),
        "category": node.choice("category", Category),
        "level": node.choice("level", Level) if node.data.get("level") is not None else None,
        "edition": node.text("edition", ""),
        "version": node.integer("version", 1),
        "notes": node.text("notes", ""),
    }


def _framework(node: _Node) -> Framework:
    node.check_keys(_FRAMEWORK_KEYS)
    return Framework(
        **_header(node),
        items=node.children("items", _item),
        bonuses=node.children("bonuses", _bonus, required=False),
        thresholds=node.children("thresholds", _threshold, required=False),
        deductions=node.children("deductions", _deduction, required=False),
        negative_list=node.children("negative_list", _negative, required=False),
        step=node.decimal("step", DEFAULT_STEP),
    )


def _part(node: _Node) -> EvaluationPart:
    node.check_keys(("key", "name", "party", "weight"))
    return EvaluationPart(
        node.text("key"), node.text("name", ""), node.text("party", ""), node.decimal("weight")
    )


def _event(node: _Node) -> RosterEvent:
    node.check_keys(("kind", "name", "points"))
    return RosterEvent(node.text("kind"), node.text("name", ""), node.decimal("points"))


def _component(node: _Node) -> Component:
    kind = node.text("kind")
    if kind == "framework":
        node.check_keys(("key", "kind", "name", "weight", "framework"))
        return FrameworkComponent(
            node.text("key"),
            node.text("name", ""),
            node.decimal("weight"),
            node.text("framework", ""),
        )
    if kind == "evaluation":
        node.check_keys(("key", "kind", "name", "weight", "party", "parts"))
        return EvaluationComponent(
            node.text("key"),
            node.text("name", ""),
            node.decimal("weight"),
            node.text("party", ""),
            node.children("parts", _part, required=False),
        )
    if kind == "roster":
        node.check_keys(("key", "kind", "name", "weight", "start", "minimum", "maximum", "events"))
        return RosterComponent(
            node.text("key"),
            node.text("name", ""),
            node.decimal("weight"),
            node.children("events", _event),
            node.decimal("start", HUNDRED),
            node.decimal("minimum", ZERO),
            node.decimal("maximum", HUNDRED),
        )
    raise FrameworkError("field_choice_invalid", path=node._at("kind"), value=kind)


def _band(node: _Node) -> GradeBand:
    node.check_keys(("code", "name", "minimum"))
    return GradeBand(node.text("code"), node.text("name", ""), node.decimal("minimum"))


_COMPOSITE_KEYS = (
    "kind",
    "code",
    "name",
    "issuing_body",
    "category",
    "level",
    "edition",
    "version",
    "notes",
    "components",
    "bands",
)


def _composite(node: _Node) -> CompositeFramework:
    node.check_keys(_COMPOSITE_KEYS)
    has_category = node.data.get("category") is not None
    return CompositeFramework(
        code=node.text("code"),
        name=node.text("name"),
        components=node.children("components", _component),
        bands=node.children("bands", _band, required=False),
        issuing_body=node.text("issuing_body", ""),
        category=node.choice("category", Category) if has_category else None,
        level=node.choice("level", Level) if node.data.get("level") is not None else None,
        edition=node.text("edition", ""),
        version=node.integer("version", 1),
        notes=node.text("notes", ""),
    )


def _checklist_condition(node: _Node) -> Condition:
    node.check_keys(("key", "text", "methods", "departments"))
    return Condition(
        key=node.text("key"),
        text=node.text("text", ""),
        methods=node.methods("methods"),
        departments=node.texts("departments"),
    )


def _checklist_item(node: _Node) -> ChecklistItem:
    node.check_keys(("number", "name", "conditions"))
    return ChecklistItem(
        number=node.integer("number"),
        name=node.text("name"),
        conditions=node.children("conditions", _checklist_condition),
    )


_CHECKLIST_KEYS = (
    "kind",
    "code",
    "name",
    "issuing_body",
    "category",
    "level",
    "edition",
    "version",
    "notes",
    "items",
    "negative_list",
)


def _checklist(node: _Node) -> Checklist:
    node.check_keys(_CHECKLIST_KEYS)
    return Checklist(
        **_header(node),
        items=node.children("items", _checklist_item),
        negative_list=node.children("negative_list", _negative, required=False),
    )


def load(document: Mapping[str, Any]) -> Framework | CompositeFramework | Checklist:
    """Build and validate the framework a document describes (``kind`` says which)."""
    node = _Node(document, "")
    kind = node.text("kind", KIND_FRAMEWORK)
    if kind == KIND_FRAMEWORK:
        return _build(_framework, node)
    if kind == KIND_COMPOSITE:
        return _build(_composite, node)
    if kind == KIND_CHECKLIST:
        return _build(_checklist, node)
    raise FrameworkError("field_choice_invalid", path="kind", value=kind)


def load_framework(document: Mapping[str, Any]) -> Framework:
    """Like ``load``, refusing a composite document."""
    framework = load(document)
    if not isinstance(framework, Framework):
        raise FrameworkError("document_kind_unexpected", expected=KIND_FRAMEWORK)
    return framework


def load_checklist(document: Mapping[str, Any]) -> Checklist:
    """Like ``load``, refusing anything but a checklist (达标制) document."""
    checklist = load(document)
    if not isinstance(checklist, Checklist):
        raise FrameworkError("document_kind_unexpected", expected=KIND_CHECKLIST)
    return checklist


def load_composite(document: Mapping[str, Any]) -> CompositeFramework:
    """Like ``load``, refusing a clause-by-clause framework document."""
    framework = load(document)
    if not isinstance(framework, CompositeFramework):
        raise FrameworkError("document_kind_unexpected", expected=KIND_COMPOSITE)
    return framework
