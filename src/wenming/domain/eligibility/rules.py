"""The eligibility table's vocabulary (docs/rules.md#eligibility): routes, windows of
editions (docs/rules.md#eligibility-window), awards, requirements, rule rows, exclusions
(docs/rules.md#exclusion), and the organization as the rules see it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from wenming.domain.titles import (
    Category,
    HeldHonor,
    HeldTitle,
    HonorKind,
    HonorLevel,
    Level,
    OrganizationKind,
    TitleStatus,
    UnitType,
)


class Route(StrEnum):
    """How a rule row lets an organization apply."""

    ANY = "any"  # any organization of the row's kinds
    TITLE = "title"  # holds one of the required titles or honors
    KEEP = "keep"  # re-applies to keep (or change the tier of) a title it holds
    EXCEPTIONAL = "exceptional"  # 破格: directly, with justification and approval


class WindowKind(StrEnum):
    """Which earlier editions a required title may come from."""

    PREVIOUS = "previous"  # the N editions before the campaign's
    ANY_EARLIER = "any_earlier"  # 往届: any edition before the campaign's
    EDITIONS = "editions"  # exactly these editions (e.g. "第十八届")


@dataclass(frozen=True, slots=True)
class Window:
    """An edition window for a required title."""

    kind: WindowKind
    count: int = 0  # for PREVIOUS
    editions: tuple[int, ...] = ()  # for EDITIONS

    def resolve(self, edition: int) -> tuple[int, int, frozenset[int] | None]:
        """The (lowest, highest) edition and explicit set this window admits for a campaign.

        Only editions before the campaign's ever count: a title of the running campaign is
        its outcome, not its precondition.
        """
        if self.kind is WindowKind.PREVIOUS:
            return edition - self.count, edition - 1, None
        if self.kind is WindowKind.ANY_EARLIER:
            return 0, edition - 1, None
        admitted = frozenset(e for e in self.editions if e < edition)
        return min(admitted, default=0), max(admitted, default=-1), admitted


#: docs/rules.md#eligibility-window: the two previous editions unless a row says otherwise.
DEFAULT_WINDOW = Window(WindowKind.PREVIOUS, count=2)
#: See the module docstring for why expired titles count and downgraded ones do not.
DEFAULT_COUNTED_STATUSES = frozenset({TitleStatus.ACTIVE, TitleStatus.EXPIRED})


@dataclass(frozen=True, slots=True)
class Award:
    """What a campaign offers and an organization applies for: category × level × tier."""

    category: Category
    level: Level
    model: bool = False  # 标兵


@dataclass(frozen=True, slots=True)
class TitleRequirement:
    """A held title that opens a row: category, level, tier, edition window."""

    category: Category
    level: Level
    model: bool | None  # None: either tier, as in "省级文明单位(标兵)"
    or_higher: bool = False  # "市级以上": this rank or any higher rung of the ladder
    window: Window | None = None  # None: the table's default window


@dataclass(frozen=True, slots=True)
class HonorRequirement:
    """A held honor that opens a row (最美家庭, 十星级文明户)."""

    kind: HonorKind
    levels: tuple[HonorLevel, ...] = ()  # empty: any level


Requirement = TitleRequirement | HonorRequirement


@dataclass(frozen=True, slots=True)
class EligibilityRule:
    """One row of the table: who may apply for an award, and on what grounds."""

    id: str
    award: Award
    kinds: tuple[OrganizationKind, ...]
    route: Route
    any_of: tuple[Requirement, ...] = ()  # for TITLE and KEEP rows
    unit_types: tuple[UnitType, ...] = ()  # empty: any unit type
    source: str = ""  # the clause of the source document, for people reading the data


@dataclass(frozen=True, slots=True)
class Exclusion:
    """Organizations that may not apply for a category at all, whatever they hold."""

    id: str
    category: Category
    fulltime_school: bool | None = None  # None: not a condition
    kinds: tuple[OrganizationKind, ...] = ()  # empty: not a condition
    unit_types: tuple[UnitType, ...] = ()  # empty: not a condition
    instead: Category | None = None  # what such organizations apply for instead
    source: str = ""

    def applies_to(self, organization: Organization) -> bool:
        """Whether every condition of the exclusion holds for the organization."""
        if (
            self.fulltime_school is not None
            and organization.is_fulltime_school is not self.fulltime_school
        ):
            return False
        if self.kinds and organization.kind not in self.kinds:
            return False
        return not (self.unit_types and organization.unit_type not in self.unit_types)


@dataclass(frozen=True, slots=True)
class Organization:
    """An applicant as the rules see it: its kind and its history."""

    kind: OrganizationKind
    unit_type: UnitType | None = None
    is_fulltime_school: bool = False  # 国民教育序列内实行全日制教学管理的学校
    titles: tuple[HeldTitle, ...] = ()
    honors: tuple[HeldHonor, ...] = ()
