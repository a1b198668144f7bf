"""Checklist frameworks (创建标准): standards written as conditions that are met or not
(达标/不达标), with no points, such as a family standard (docs/rules.md#checklists).

A checklist is items → conditions, each with its methods and responsible departments like
a framework's clauses, and may carry a negative list. A review records, for each condition,
whether it is met; the applicant passes when every condition is met and no condition is
left unreviewed. It validates itself on construction and raises ``FrameworkError``, as
frameworks do, so the apps turn the code into the same kind of message.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from wenming.domain.frameworks import FrameworkError, Method, NegativeEntry, require_unique
from wenming.domain.titles import Category, Level


@dataclass(frozen=True, slots=True)
class Condition:
    """One condition (达标条件) of a checklist."""

    key: str
    text: str
    methods: tuple[Method, ...] = ()
    departments: tuple[str, ...] = ()  # the first listed leads (牵头)

    def __post_init__(self) -> None:
        if not self.key:
            raise FrameworkError("condition_key_missing")
        if not self.text:
            raise FrameworkError("condition_text_missing", condition=self.key)


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """A heading of the standard (e.g. 爱国守法) and its conditions."""

    number: int
    name: str
    conditions: tuple[Condition, ...]

    def __post_init__(self) -> None:
        if not self.conditions:
            raise FrameworkError("item_without_conditions", item=self.name)


@dataclass(frozen=True, slots=True)
class Checklist:
    """A versioned checklist; in use it is frozen, as every framework is."""

    code: str
    name: str
    issuing_body: str
    category: Category
    level: Level | None
    edition: str
    version: int
    items: tuple[ChecklistItem, ...]
    negative_list: tuple[NegativeEntry, ...] = ()
    notes: str = ""

    def __post_init__(self) -> None:
        if not self.code:
            raise FrameworkError("framework_code_missing")
        if self.version <= 0:
            raise FrameworkError("version_invalid", value=self.version)
        if not self.items:
            raise FrameworkError("framework_without_items", framework=self.code)
        require_unique([item.number for item in self.items], "item_number_duplicate")
        require_unique([item.name for item in self.items], "item_name_duplicate")
        require_unique([c.key for c in self.conditions()], "condition_key_duplicate")
        require_unique([n.key for n in self.negative_list], "negative_duplicate")

    def conditions(self) -> tuple[Condition, ...]:
        """Every condition in item order."""
        return tuple(c for item in self.items for c in item.conditions)


@dataclass(frozen=True, slots=True)
class ChecklistResult:
    """A review's outcome: passed only with every condition reviewed and met."""

    passed: bool
    unmet: tuple[str, ...]  # condition keys reviewed and found not met, in order
    unreviewed: tuple[str, ...]  # condition keys with no finding yet, in order


def checklist_result(checklist: Checklist, met: Mapping[str, bool]) -> ChecklistResult:
    """The outcome of findings ``met`` (condition key → met); an unknown key is refused."""
    keys = [c.key for c in checklist.conditions()]
    unknown = sorted(set(met) - set(keys))
    if unknown:
        raise FrameworkError("condition_unknown", conditions=unknown)
    unmet = tuple(k for k in keys if k in met and not met[k])
    unreviewed = tuple(k for k in keys if k not in met)
    return ChecklistResult(not unmet and not unreviewed, unmet, unreviewed)
