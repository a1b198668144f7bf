"""Periodic reviews of titled organizations (docs/rules.md#periodic-reviews).

Pure rules over plain data:

- ``classify``: the five Liaocheng ranking classes from the titles held and applied for;
- ``rank``: competition ranking (1, 2, 2, 4) by total, within a class or a whole review;
- ``league_table``: Mentougou's monthly table — reward eligibility (not in an excluded grade
  and not in the bottom N) and the second reward for the top ranked;
- ``split_fund``: a month's fund split by the office's rule, exact to the cent;
- supervision items: their states and moves (立项 → 催办 → 反馈 → 办结), overdue and
  reminder dates, the rectification deadline after a bulletin;
- the two self-assessment due dates of a year.

Composite scores themselves come from ``wenming.domain.scoring.score_composite``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from enum import StrEnum

from wenming.domain.titles import Level

ZERO = Decimal(0)
ONE = Decimal(1)
CENT = Decimal("0.01")


class ReviewError(ValueError):
    """Input the review rules refuse; ``code`` names the problem."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        details = ", ".join(f"{key}={value!r}" for key, value in params.items())
        super().__init__(f"{code}({details})" if details else code)


# --- ranking classes (Liaocheng) ----------------------------------------------------------


class ReviewClass(StrEnum):
    """The ranking classes of the Liaocheng mid-year review, in the bulletin's order."""

    EXISTING_NATIONAL = "existing_national"  # 现有全国文明单位
    NEW_NATIONAL = "new_national"  # 新申报全国文明单位
    PROVINCIAL = "provincial"  # 省级文明单位（除申报全国外）
    NEW_PROVINCIAL = "new_provincial"  # 新申报省级文明单位
    MUNICIPAL = "municipal"  # 市级文明单位（除申报省级外）


CLASS_ORDER: tuple[ReviewClass, ...] = tuple(ReviewClass)


def classify(held: Level | None, applying_for: Level | None = None) -> ReviewClass:
    """The class of a unit holding ``held`` (its highest active title) and applying for
    ``applying_for`` (a higher level, or None).

    Applying outranks holding: a provincial unit applying for national ranks with the new
    national applicants, not with the provincial units ("除申报全国文明单位外").
    """
    if held is None:
        raise ReviewError("not_titled")
    order = [Level.MUNICIPAL, Level.PROVINCIAL, Level.NATIONAL]
    if applying_for is not None and order.index(applying_for) <= order.index(held):
        raise ReviewError("applying_not_higher", held=held, applying_for=applying_for)
    if held is Level.NATIONAL:
        return ReviewClass.EXISTING_NATIONAL
    if applying_for is Level.NATIONAL:
        return ReviewClass.NEW_NATIONAL
    if held is Level.PROVINCIAL:
        return ReviewClass.PROVINCIAL
    if applying_for is Level.PROVINCIAL:
        return ReviewClass.NEW_PROVINCIAL
    return ReviewClass.MUNICIPAL


# --- ranking --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scored:
    """One reviewed organization: its key, its name (for a stable order) and total."""

    key: int
    name: str
    total: Decimal
    grade: str = ""
    review_class: str = ""


@dataclass(frozen=True, slots=True)
class Ranked:
    rank: int
    entry: Scored


def rank(entries: Sequence[Scored]) -> tuple[Ranked, ...]:
    """Competition ranking by total, highest first; equal totals share a rank (1, 2, 2, 4).

    Equal totals are listed by name, then key, so a table reads the same every time.
    """
    ordered = sorted(entries, key=lambda e: (-e.total, e.name, e.key))
    result: list[Ranked] = []
    for position, entry in enumerate(ordered, start=1):
        if result and result[-1].entry.total == entry.total:
            result.append(Ranked(result[-1].rank, entry))
        else:
            result.append(Ranked(position, entry))
    return tuple(result)


def rank_by_class(entries: Sequence[Scored]) -> tuple[tuple[ReviewClass, tuple[Ranked, ...]], ...]:
    """Each of the five classes with its own ranking, in the bulletin's order."""
    for entry in entries:
        if entry.review_class not in set(ReviewClass):
            raise ReviewError("class_unknown", key=entry.key, review_class=entry.review_class)
    return tuple(
        (cls, rank([e for e in entries if e.review_class == cls.value])) for cls in CLASS_ORDER
    )


# --- league table and rewards (Mentougou) -------------------------------------------------


@dataclass(frozen=True, slots=True)
class LeagueRules:
    """The office's settings for a monthly league table.

    ``bottom_n``: the last N ranks get no reward (source: 20). ``excluded_grades``: grades
    that get no reward (source: 不合格). ``top_n``: ranks that earn the second reward.
    """

    bottom_n: int = 20
    excluded_grades: frozenset[str] = frozenset({"fail"})
    top_n: int = 3

    def __post_init__(self) -> None:
        if self.bottom_n < 0 or self.top_n < 0:
            raise ReviewError("league_rules_negative", bottom_n=self.bottom_n, top_n=self.top_n)


@dataclass(frozen=True, slots=True)
class LeagueRow:
    rank: int
    entry: Scored
    in_bottom: bool
    rewarded: bool  # the monthly reward
    second_reward: bool  # the top-ranked extra reward
    talk: bool  # 约谈 and a rectification deadline: excluded from the reward


def league_table(entries: Sequence[Scored], rules: LeagueRules) -> tuple[LeagueRow, ...]:
    """The month's table. A unit is in the bottom N when its rank is past ``count - N``;
    units tied across that line share the better rank and so stay out of the bottom.
    The second reward goes to rewarded units ranked within ``top_n``.
    """
    ranked = rank(entries)
    line = len(ranked) - rules.bottom_n
    rows = []
    for item in ranked:
        in_bottom = item.rank > line
        excluded = item.entry.grade in rules.excluded_grades
        rewarded = not in_bottom and not excluded
        rows.append(
            LeagueRow(
                rank=item.rank,
                entry=item.entry,
                in_bottom=in_bottom,
                rewarded=rewarded,
                second_reward=rewarded and item.rank <= rules.top_n,
                talk=not rewarded,
            )
        )
    return tuple(rows)


@dataclass(frozen=True, slots=True)
class RewardRule:
    """How the office splits a month's fund (documented on the review page).

    ``top_share`` of the fund (a fraction 0..1) is split equally among the units earning
    the second reward; the rest is split among all rewarded units in proportion to the
    weight of their grade (``grade_weights``, 1 for a grade not listed: equal shares by
    default, "多优多奖" when the office weights the better grades). Amounts are in yuan,
    rounded down to the fen; the fen left over go one each to the best-ranked units, so the
    amounts always add up to the fund. A part with nobody to receive it is not paid out.
    """

    top_share: Decimal = ZERO
    grade_weights: Mapping[str, Decimal] | None = None

    def __post_init__(self) -> None:
        if not (isinstance(self.top_share, Decimal) and ZERO <= self.top_share <= ONE):
            raise ReviewError("top_share_invalid", value=self.top_share)
        for grade, weight in (self.grade_weights or {}).items():
            if not (isinstance(weight, Decimal) and weight > ZERO):
                raise ReviewError("grade_weight_invalid", grade=grade, value=weight)

    def weight(self, grade: str) -> Decimal:
        return (self.grade_weights or {}).get(grade, ONE)


@dataclass(frozen=True, slots=True)
class RewardShare:
    key: int
    reward: Decimal
    second_reward: Decimal

    @property
    def total(self) -> Decimal:
        return self.reward + self.second_reward


def split_fund(
    fund: Decimal, rows: Sequence[LeagueRow], rule: RewardRule
) -> tuple[RewardShare, ...]:
    """Every rewarded unit's amounts, in the table's order."""
    if not (isinstance(fund, Decimal) and fund.is_finite() and fund >= ZERO):
        raise ReviewError("fund_invalid", value=fund)
    rewarded = [row for row in rows if row.rewarded]
    top = [row for row in rewarded if row.second_reward]
    top_fund = (fund * rule.top_share).quantize(CENT, rounding=ROUND_DOWN) if top else ZERO
    base_fund = fund - top_fund if rewarded else ZERO
    base = _shares(base_fund, [(r.entry.key, rule.weight(r.entry.grade)) for r in rewarded])
    second = _shares(top_fund, [(r.entry.key, ONE) for r in top])
    return tuple(
        RewardShare(r.entry.key, base.get(r.entry.key, ZERO), second.get(r.entry.key, ZERO))
        for r in rewarded
    )


def _shares(amount: Decimal, weights: Sequence[tuple[int, Decimal]]) -> dict[int, Decimal]:
    if not weights:
        return {}
    total_weight = sum((w for _k, w in weights), ZERO)
    shares = {
        key: (amount * weight / total_weight).quantize(CENT, rounding=ROUND_DOWN)
        for key, weight in weights
    }
    left = amount - sum(shares.values(), ZERO)
    for key, _weight in weights:  # best-ranked first
        if left < CENT:
            break
        shares[key] += CENT
        left -= CENT
    return shares


# --- supervision items (督办) --------------------------------------------------------------


class ItemClass(StrEnum):
    SMALL = "small"  # 小问题: a notice, fixed within days
    BIG = "big"  # 大问题: a plan with milestones
    PERSISTENT = "persistent"  # 老问题: escalated to the leader in charge


class ItemState(StrEnum):
    OPENED = "opened"  # 立项
    REMINDED = "reminded"  # 催办
    FEEDBACK = "feedback"  # 反馈
    CLOSED = "closed"  # 办结


class ItemAction(StrEnum):
    REMIND = "remind"
    FEEDBACK = "feedback"
    CLOSE = "close"


_MOVES: dict[tuple[ItemState, ItemAction], ItemState] = {
    (ItemState.OPENED, ItemAction.REMIND): ItemState.REMINDED,
    (ItemState.REMINDED, ItemAction.REMIND): ItemState.REMINDED,
    (ItemState.FEEDBACK, ItemAction.REMIND): ItemState.REMINDED,  # feedback not enough
    (ItemState.OPENED, ItemAction.FEEDBACK): ItemState.FEEDBACK,
    (ItemState.REMINDED, ItemAction.FEEDBACK): ItemState.FEEDBACK,
    (ItemState.FEEDBACK, ItemAction.FEEDBACK): ItemState.FEEDBACK,
    (ItemState.FEEDBACK, ItemAction.CLOSE): ItemState.CLOSED,
}


def item_move(state: ItemState, action: ItemAction, *, result: str = "") -> ItemState:
    """The state after ``action``; closing needs a result ("件件有结果") and a feedback."""
    if action is ItemAction.CLOSE and not result.strip():
        raise ReviewError("close_without_result")
    after = _MOVES.get((state, action))
    if after is None:
        raise ReviewError("illegal_move", state=state, action=action)
    return after


def is_overdue(deadline: date, today: date, state: ItemState) -> bool:
    return state is not ItemState.CLOSED and today > deadline


def reminder_due(deadline: date, today: date, state: ItemState, days_before: int) -> bool:
    """A reminder is due from ``days_before`` days before the deadline until closing."""
    return state is not ItemState.CLOSED and today >= deadline - timedelta(days=days_before)


def escalation_due(item_class: ItemClass, deadline: date, today: date, state: ItemState) -> bool:
    """A persistent problem past its deadline goes to the leader in charge."""
    return item_class is ItemClass.PERSISTENT and is_overdue(deadline, today, state)


def rectification_deadline(issued_on: date, days: int) -> date:
    """The date by which a unit criticized in a bulletin reports its rectification."""
    if days <= 0:
        raise ReviewError("rectification_days_invalid", days=days)
    return issued_on + timedelta(days=days)


# --- self-assessment ------------------------------------------------------------------------


def self_assessment_due(year: int, half: int) -> date:
    """Self-assessments are due at the end of June and the end of December."""
    if half not in (1, 2):
        raise ReviewError("half_invalid", half=half)
    return date(year, 6, 30) if half == 1 else date(year, 12, 31)


def self_assessment_period(today: date) -> tuple[int, int]:
    """The (year, half) whose self-assessment is due next on ``today``."""
    return (today.year, 1) if today <= date(today.year, 6, 30) else (today.year, 2)


def self_assessment_total(
    maximums: Mapping[int, Decimal], scores: Mapping[int, Decimal]
) -> Decimal:
    """The sum of the unit's own item scores, each 0..the item's total."""
    total = ZERO
    for number, value in scores.items():
        if number not in maximums:
            raise ReviewError("item_unknown", item=number)
        if not (isinstance(value, Decimal) and value.is_finite()):
            raise ReviewError("item_score_invalid", item=number, value=value)
        if not ZERO <= value <= maximums[number]:
            raise ReviewError("item_score_out_of_range", item=number, maximum=maximums[number])
        total += value
    return total
