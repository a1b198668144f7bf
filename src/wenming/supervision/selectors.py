"""Reads for supervision pages, API and bulletins, each a fixed number of queries."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from wenming.accounts.models import User
from wenming.accounts.scopes import scope_of
from wenming.domain.review import (
    ItemState,
    LeagueRules,
    RewardRule,
    Scored,
    league_table,
    rank_by_class,
    split_fund,
)
from wenming.domain.scoring import quantize2

from .models import Notice, Review, ReviewEntry, SupervisionItem
from .presenting import class_heading
from .services import composite_of


def _office_q(user: User, prefix: str) -> Q:
    scope = scope_of(user)
    q = Q(pk__in=[])
    for path in scope.office_paths:
        q |= Q(**{f"{prefix}path__startswith": path})
    return q


def reviews_for(user: User) -> QuerySet[Review]:
    qs = Review.objects.select_related("office", "framework").annotate(entry_count=Count("entries"))
    if scope_of(user).is_admin:
        return qs
    return qs.filter(_office_q(user, "office__"))


def items_for(user: User) -> QuerySet[SupervisionItem]:
    qs = SupervisionItem.objects.select_related("organization", "office", "leader")
    scope = scope_of(user)
    if scope.is_admin:
        return qs
    return qs.filter(_office_q(user, "office__") | Q(organization_id__in=scope.organization_ids))


def notices_for(user: User) -> QuerySet[Notice]:
    return Notice.objects.filter(user=user, read=False).select_related("item", "item__organization")


def overdue_ids(items: list[SupervisionItem], today: date | None = None) -> set[int]:
    today = today or timezone.localdate()
    return {i.pk for i in items if i.state != ItemState.CLOSED and today > i.deadline}


def _entries(review: Review) -> list[ReviewEntry]:
    return list(
        review.entries.select_related("organization", "group").order_by("organization__name")
    )


def _scored(entries: list[ReviewEntry]) -> list[Scored]:
    return [
        Scored(e.pk, e.organization.name, e.total, e.grade, e.review_class)
        for e in entries
        if e.total is not None
    ]


@dataclass(frozen=True)
class RankedRow:
    rank: int
    entry: ReviewEntry
    total: Decimal
    rewarded: bool = False
    second_reward: bool = False
    talk: bool = False
    reward: Decimal | None = None
    second_amount: Decimal | None = None


@dataclass(frozen=True)
class ClassTable:
    heading: str
    rows: list[RankedRow]


@dataclass(frozen=True)
class Ranking:
    review: Review
    entries: list[ReviewEntry]
    unscored: list[ReviewEntry]
    classes: list[ClassTable]
    league: list[RankedRow]
    allocated: Decimal | None


def review_ranking(review: Review) -> Ranking:
    """The review's ranking: by class (Liaocheng) or the league table with rewards."""
    entries = _entries(review)
    by_pk = {e.pk: e for e in entries}
    scored = _scored(entries)
    unscored = [e for e in entries if e.total is None]
    classes: list[ClassTable] = []
    league: list[RankedRow] = []
    allocated = None
    if review.ranking == "league":
        bands = composite_of(review).bands
        # The lowest grade (不合格) gets no reward.
        excluded = frozenset({bands[-1].code}) if bands else frozenset()
        rows = league_table(scored, LeagueRules(review.bottom_n, excluded, review.top_n))
        amounts: dict[int, Any] = {}
        if review.fund is not None:
            rule = RewardRule(
                review.top_share,
                {g: Decimal(str(w)) for g, w in (review.grade_weights or {}).items()},
            )
            shares = split_fund(review.fund, rows, rule)
            amounts = {s.key: s for s in shares}
            allocated = sum((s.total for s in shares), Decimal(0))
        for row in rows:
            share = amounts.get(row.entry.key)
            league.append(
                RankedRow(
                    row.rank,
                    by_pk[row.entry.key],
                    quantize2(row.entry.total),
                    row.rewarded,
                    row.second_reward,
                    row.talk,
                    share.reward if share else None,
                    share.second_reward if share else None,
                )
            )
    else:
        for number, (cls, ranked) in enumerate(rank_by_class(scored), start=1):
            classes.append(
                ClassTable(
                    class_heading(number, cls, len(ranked)),
                    [
                        RankedRow(r.rank, by_pk[r.entry.key], quantize2(r.entry.total))
                        for r in ranked
                    ],
                )
            )
    return Ranking(review, entries, unscored, classes, league, allocated)
