"""The engine: an ``EligibilityTable`` compiled once per campaign edition, and
``evaluate``, which applies it to one organization's title and honor history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wenming.domain.titles import (
    Category,
    HeldHonor,
    HeldTitle,
    HonorKind,
    HonorLevel,
    Level,
    OrganizationKind,
    TitleRank,
    TitleStatus,
    UnitType,
)

from .reasons import (
    ELIGIBLE,
    EXCEPTIONAL_ONLY,
    NOT_ELIGIBLE,
    Reason,
    Verdict,
    honor_params,
    title_params,
)
from .rules import DEFAULT_COUNTED_STATUSES, DEFAULT_WINDOW, HonorRequirement, Route, WindowKind

if TYPE_CHECKING:  # only in annotations here
    from .rules import (
        Award,
        EligibilityRule,
        Exclusion,
        Organization,
        Requirement,
        TitleRequirement,
        Window,
    )

# The reason codes ``evaluate`` gives (the package docstring lists each one's params).
ELIGIBLE_ANY = "eligible.any"
ELIGIBLE_TITLE = "eligible.title"
ELIGIBLE_KEEP = "eligible.keep"
ELIGIBLE_HONOR = "eligible.honor"
EXCEPTIONAL_DIRECT = "exceptional.direct"
NOT_OFFERED = "not_eligible.not_offered"
WRONG_KIND = "not_eligible.kind"
EXCLUDED = "not_eligible.excluded"
MISSING = "not_eligible.missing"

#: Why a held title of a required kind did not count (besides its status value).
OUTSIDE_WINDOW = "outside_window"


@dataclass(frozen=True)
class EligibilityTable:
    """A campaign's eligibility rules: rows, exclusions and settings."""

    edition: int
    rules: tuple[EligibilityRule, ...]
    exclusions: tuple[Exclusion, ...] = ()
    default_window: Window = DEFAULT_WINDOW
    counted_statuses: frozenset[TitleStatus] = DEFAULT_COUNTED_STATUSES
    source: str = ""
    # Compiled plans per campaign edition; an internal cache, not part of the value.
    _plans: dict[int, _Plan] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def awards(self) -> tuple[Award, ...]:
        """Every award the table has a row for, in the order of first appearance."""
        return tuple(dict.fromkeys(rule.award for rule in self.rules))

    def plan(self, edition: int) -> _Plan:
        """The table compiled for a campaign edition (cached: compiling is per table)."""
        plan = self._plans.get(edition)
        if plan is None:
            plan = _compile(self, edition)
            self._plans[edition] = plan
        return plan


# --- compiled form ------------------------------------------------------------------------
# evaluate() runs for every applicant of a province, so the table is compiled once into
# per-award lists with title requirements reduced to key sets and integer bounds.

_TitleKey = tuple[Category, Level, bool]
_LADDER: tuple[tuple[Level, bool], ...] = (
    (Level.MUNICIPAL, False),
    (Level.MUNICIPAL, True),
    (Level.PROVINCIAL, False),
    (Level.PROVINCIAL, True),
    (Level.NATIONAL, False),
    (Level.NATIONAL, True),
)


@dataclass(frozen=True, slots=True)
class _Req:
    requirement: Requirement
    keys: frozenset[_TitleKey]  # empty for an honor requirement
    low: int
    high: int
    editions: frozenset[int] | None
    honor_kind: HonorKind | None
    honor_levels: frozenset[HonorLevel]
    params: dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Row:
    rule: EligibilityRule
    unit_types: frozenset[UnitType]  # empty: any
    reqs: tuple[_Req, ...]
    code: str  # the reason code when the row opens on a held title
    any: bool  # the row needs nothing


@dataclass(frozen=True, slots=True)
class _KindPlan:
    """One award as one kind of organization meets it: only the rows open to that kind."""

    exclusions: tuple[Exclusion, ...]
    ordinary: tuple[_Row, ...]
    exceptional: tuple[_Row, ...]
    # What a refusal reports when no row depends on the unit type (the usual case),
    # worked out once instead of for every refused organization.
    required: tuple[dict[str, Any], ...] | None
    required_keys: frozenset[_TitleKey]


def _kind_plan(
    exclusions: tuple[Exclusion, ...], ordinary: tuple[_Row, ...], exceptional: tuple[_Row, ...]
) -> _KindPlan:
    typed = any(row.unit_types for row in ordinary)
    return _KindPlan(
        exclusions=exclusions,
        ordinary=ordinary,
        exceptional=exceptional,
        required=None if typed else tuple(req.params for row in ordinary for req in row.reqs),
        required_keys=frozenset(key for row in ordinary for req in row.reqs for key in req.keys),
    )


@dataclass(frozen=True, slots=True)
class _AwardPlan:
    by_kind: dict[OrganizationKind, _KindPlan]
    allowed_kinds: list[str]


@dataclass(frozen=True, slots=True)
class _Plan:
    edition: int
    counted: frozenset[TitleStatus]
    awards: dict[Award, _AwardPlan]


def _title_keys(req: TitleRequirement) -> frozenset[_TitleKey]:
    tiers = (False, True) if req.model is None else (req.model,)
    if req.or_higher:
        floor = min(TitleRank(req.level, tier).step for tier in tiers)
        return frozenset(
            (req.category, level, model)
            for level, model in _LADDER
            if TitleRank(level, model).step >= floor
        )
    return frozenset((req.category, req.level, tier) for tier in tiers)


def requirement_params(requirement: Requirement, window: Window, edition: int) -> dict[str, Any]:
    """A requirement as plain data for a reason, its window resolved for the campaign."""
    if isinstance(requirement, HonorRequirement):
        return {
            "type": "honor",
            "honor_kind": requirement.kind.value,
            "honor_levels": [level.value for level in requirement.levels],
        }
    low, high, explicit = window.resolve(edition)
    any_earlier = window.kind is WindowKind.ANY_EARLIER
    if any_earlier:
        editions: list[int] = []
    elif explicit is not None:
        editions = sorted(explicit)
    else:
        editions = list(range(low, high + 1))
    return {
        "type": "title",
        "category": requirement.category.value,
        "level": requirement.level.value,
        "model": requirement.model,
        "or_higher": requirement.or_higher,
        "any_earlier": any_earlier,
        "editions": editions,
    }


def _compile_req(requirement: Requirement, table: EligibilityTable, edition: int) -> _Req:
    if isinstance(requirement, HonorRequirement):
        return _Req(
            requirement=requirement,
            keys=frozenset(),
            low=0,
            high=-1,
            editions=None,
            honor_kind=requirement.kind,
            honor_levels=frozenset(requirement.levels),
            params=requirement_params(requirement, table.default_window, edition),
        )
    window = requirement.window or table.default_window
    low, high, explicit = window.resolve(edition)
    return _Req(
        requirement=requirement,
        keys=_title_keys(requirement),
        low=low,
        high=high,
        editions=explicit,
        honor_kind=None,
        honor_levels=frozenset(),
        params=requirement_params(requirement, window, edition),
    )


def _compile(table: EligibilityTable, edition: int) -> _Plan:
    by_award: dict[Award, list[EligibilityRule]] = {}
    for rule in table.rules:
        by_award.setdefault(rule.award, []).append(rule)
    awards: dict[Award, _AwardPlan] = {}
    for award, rules in by_award.items():
        rows = [
            (
                rule,
                _Row(
                    rule=rule,
                    unit_types=frozenset(rule.unit_types),
                    reqs=tuple(_compile_req(r, table, edition) for r in rule.any_of),
                    code=ELIGIBLE_KEEP if rule.route is Route.KEEP else ELIGIBLE_TITLE,
                    any=rule.route is Route.ANY,
                ),
            )
            for rule in rules
        ]
        exclusions = tuple(e for e in table.exclusions if e.category is award.category)
        kinds = dict.fromkeys(kind for rule in rules for kind in rule.kinds)
        by_kind = {
            kind: _kind_plan(
                tuple(e for e in exclusions if not e.kinds or kind in e.kinds),
                tuple(
                    row
                    for rule, row in rows
                    if kind in rule.kinds and rule.route is not Route.EXCEPTIONAL
                ),
                tuple(
                    row
                    for rule, row in rows
                    if kind in rule.kinds and rule.route is Route.EXCEPTIONAL
                ),
            )
            for kind in kinds
        }
        awards[award] = _AwardPlan(
            by_kind=by_kind, allowed_kinds=sorted(kind.value for kind in kinds)
        )
    return _Plan(edition=edition, counted=table.counted_statuses, awards=awards)


# --- evaluation ---------------------------------------------------------------------------
# Reason params hold the codes as the StrEnum members themselves: they are str (equal to,
# hashed and JSON-encoded as their value), and reading .value costs a descriptor call per
# field, which is most of the price of a verdict at provincial scale.


def _match(
    row: _Row, live: list[tuple[_TitleKey, HeldTitle]], honors: tuple[HeldHonor, ...]
) -> HeldTitle | HeldHonor | None:
    """The title or honor a row rests on: the most recent matching title, else an honor."""
    best: HeldTitle | None = None
    honor: HeldHonor | None = None
    for req in row.reqs:
        if req.honor_kind is None:
            keys, low, high, explicit = req.keys, req.low, req.high, req.editions
            for key, title in live:
                if key not in keys:
                    continue
                number = title.edition
                if explicit is None:
                    if not low <= number <= high:
                        continue
                elif number not in explicit:
                    continue
                if best is None or number > best.edition:
                    best = title
        elif honor is None:
            for held in honors:
                if held.kind is req.honor_kind and (
                    not req.honor_levels or held.level in req.honor_levels
                ):
                    honor = held
                    break
    # A title of the category itself says more than an honor, so it is preferred.
    return best if best is not None else honor


def _not_counted(
    keys: frozenset[_TitleKey], titles: tuple[HeldTitle, ...], counted: frozenset[TitleStatus]
) -> list[dict[str, Any]]:
    """Held titles of a required kind that did not count, and why."""
    found = []
    for title in titles:
        if (title.category, title.level, title.model) not in keys:
            continue
        why = OUTSIDE_WINDOW if title.status in counted else title.status.value
        found.append({**title_params(title), "why": why})
    return found


def evaluate(
    table: EligibilityTable,
    organization: Organization,
    awards: Iterable[Award],
    edition: int,
) -> list[Verdict]:
    """Each award's verdict for the organization in the campaign of ``edition``.

    Relative windows ("the two previous editions", "any earlier edition") count back
    from ``edition``. Rows are tried in table order and the first ordinary row that opens
    decides, so a keep row placed first gives "keep" as the reason when both apply;
    exceptional rows are reported only when no ordinary row opens.
    """
    plan = table.plan(edition)
    counted = plan.counted
    kind = organization.kind
    unit_type = organization.unit_type
    # Keys are built once per organization, not once per requirement.
    live = [
        ((title.category, title.level, title.model), title)
        for title in organization.titles
        if title.status in counted
    ]
    honors = organization.honors
    verdicts: list[Verdict] = []
    append = verdicts.append
    params: dict[str, Any]
    for award in awards:
        award_plan = plan.awards.get(award)
        if award_plan is None:
            append(Verdict(award, NOT_ELIGIBLE, Reason(NOT_OFFERED, {"edition": table.edition})))
            continue
        kind_plan = award_plan.by_kind.get(kind)
        if kind_plan is None:
            params = {"kind": kind, "allowed_kinds": list(award_plan.allowed_kinds)}
            append(Verdict(award, NOT_ELIGIBLE, Reason(WRONG_KIND, params)))
            continue
        if kind_plan.exclusions:
            excluded = _excluded(award, kind_plan, organization)
            if excluded is not None:
                append(excluded)
                continue
        for row in kind_plan.ordinary:
            if row.unit_types and unit_type not in row.unit_types:
                continue
            if row.any:
                params = {"kind": kind, "unit_type": unit_type}
                append(Verdict(award, ELIGIBLE, Reason(ELIGIBLE_ANY, params), row.rule.id))
                break
            held = _match(row, live, honors)
            if held is None:
                continue
            if isinstance(held, HeldTitle):
                reason = Reason(row.code, title_params(held))
            else:
                reason = Reason(ELIGIBLE_HONOR, honor_params(held))
            append(Verdict(award, ELIGIBLE, reason, row.rule.id))
            break
        else:
            append(_refuse(award, kind_plan, organization, counted))
    return verdicts


def _excluded(award: Award, plan: _KindPlan, organization: Organization) -> Verdict | None:
    for exclusion in plan.exclusions:
        if exclusion.applies_to(organization):
            params = {"exclusion": exclusion.id, "instead": exclusion.instead}
            return Verdict(award, NOT_ELIGIBLE, Reason(EXCLUDED, params), exclusion.id)
    return None


def _refuse(
    award: Award, plan: _KindPlan, organization: Organization, counted: frozenset[TitleStatus]
) -> Verdict:
    """No ordinary row opened: an exceptional route, or what is missing."""
    unit_type = organization.unit_type
    params: dict[str, Any]
    for row in plan.exceptional:
        if not row.unit_types or unit_type in row.unit_types:
            direct = {"kind": organization.kind, "unit_type": unit_type}
            return Verdict(award, EXCEPTIONAL_ONLY, Reason(EXCEPTIONAL_DIRECT, direct), row.rule.id)
    if plan.required is not None:
        required, keys = plan.required, plan.required_keys
    else:
        opened = [row for row in plan.ordinary if not row.unit_types or unit_type in row.unit_types]
        required = tuple(req.params for row in opened for req in row.reqs)
        keys = frozenset(key for row in opened for req in row.reqs for key in req.keys)
    params = {
        # Copies: a caller may alter a reason's params without altering the table.
        "required": [dict(item) for item in required],
        "not_counted": _not_counted(keys, organization.titles, counted),
    }
    return Verdict(award, NOT_ELIGIBLE, Reason(MISSING, params))
