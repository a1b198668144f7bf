"""Reads of the ranking at any size, as plain values, never model objects: per award its
counts and one page of its table (the ranking page, a fixed number of queries whatever
the number of rows or pages), every row as a lazy iterator (the Excel and PDF downloads),
and the totals for the distribution charts."""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from wenming.campaigns.models import Award, Campaign

from ..models import RankingResult, RankingVersion
from ..population import Counties, counties_of
from .ranking import current

#: Rows of one award's table per page.
PAGE_SIZE = 100

_FIELDS = (
    "pk", "rank", "name", "application__organization__region__path", "criteria_total",
    "threshold_total", "bonus_total", "deduction_total", "total", "preference",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Line:
    """One ranked application as the table shows it; ``county`` is its 县市区 (the
    office's own name for an applicant registered at the office's level)."""

    pk: int
    rank: int
    name: str
    county: str
    criteria_total: Decimal
    threshold_total: Decimal
    bonus_total: Decimal
    deduction_total: Decimal
    total: Decimal
    preference: int


@dataclass
class AwardTable:
    """One award's table: how many applications it ranks and leaves unranked, its rows
    (one page of them on the ranking page, all of them lazily for a download), and the
    page with its query parameter when paged."""

    award: Award
    ranked: int
    unranked: int
    rows: Iterable[Line]
    page: "Page[int] | None" = None
    param: str = ""
    #: The previous and next pages' query strings, set by the page's view.
    links: dict[str, str] = field(default_factory=dict)


def page_param(award: Award) -> str:
    """The query parameter that holds an award's page (each award pages on its own)."""
    return f"page_{award.pk}"


def _line(counties: Counties, office: str, values: Sequence[Any]) -> Line:
    pk, rank, name, path, criteria, threshold, bonus, deduction, total, preference = values
    county = counties.of_path(path)
    return Line(
        pk, rank, name, county.name if county else office, criteria, threshold, bonus,
        deduction, total, preference,
    )  # fmt: skip


def _ranked(version: RankingVersion) -> QuerySet[RankingResult]:
    return RankingResult.objects.filter(version=version, rank__isnull=False)


def _counts(version: RankingVersion | None) -> dict[int, tuple[int, int]]:
    """Per award, its ranked and unranked applications (one query)."""
    if version is None:
        return {}
    rows = (
        RankingResult.objects.filter(version=version)
        .values("award_id")
        .annotate(
            ranked=Count("pk", filter=Q(rank__isnull=False)),
            unranked=Count("pk", filter=Q(rank__isnull=True)),
        )
        .order_by()
    )
    return {r["award_id"]: (r["ranked"], r["unranked"]) for r in rows}


def _shown(campaign: Campaign, counts: Mapping[int, tuple[int, int]]) -> list[Award]:
    # Awards nobody applied for would only be empty tables.
    return [a for a in campaign.awards.all() if any(counts.get(a.pk, (0, 0)))]


def empty_awards(campaign: Campaign, version: RankingVersion | None = None) -> list[str]:
    """The labels of the awards with no application in the ranking."""
    counts = _counts(version or current(campaign))
    return [a.label for a in campaign.awards.all() if not any(counts.get(a.pk, (0, 0)))]


def paged_tables(
    campaign: Campaign,
    pages: Mapping[str, str],
    version: RankingVersion | None = None,
    size: int = PAGE_SIZE,
) -> list[AwardTable]:
    """Each award's table at the page its parameter asks (the first when missing, the
    last when past the end): the counts in one query, every award's page in another."""
    version = version or current(campaign)
    counts = _counts(version)
    tables: list[AwardTable] = []
    wanted = Q()
    for award in _shown(campaign, counts):
        ranked, unranked = counts[award.pk]
        param = page_param(award)
        page = Paginator(range(ranked), size).get_page(pages.get(param))
        tables.append(AwardTable(award, ranked, unranked, [], page, param))
        if ranked:
            # Page numbers count rows in the table's order, whatever the ranks stored.
            first, last = page.start_index(), page.end_index()
            wanted |= Q(award_id=award.pk, row__gte=first, row__lte=last)
    if version is None or not wanted:
        return tables
    counties = counties_of(campaign)
    rows = (
        _ranked(version)
        .annotate(
            row=Window(
                RowNumber(), partition_by=[F("award_id")], order_by=[F("rank"), F("name_order")]
            )
        )
        .filter(wanted)
        .order_by("award_id", "rank", "name_order")
        .values_list("award_id", *_FIELDS)
    )
    by_award: dict[int, list[Line]] = {}
    for award_id, *values in rows:
        by_award.setdefault(award_id, []).append(_line(counties, campaign.office.name, values))
    for table in tables:
        table.rows = by_award.get(table.award.pk, [])
    return tables


def tables(campaign: Campaign, version: RankingVersion | None = None) -> list[AwardTable]:
    """Each award's whole table, its rows a lazy iterator read in chunks only when the
    download reaches it (Excel sheets are written one after the other)."""
    version = version or current(campaign)
    counts = _counts(version)
    counties = counties_of(campaign)
    return [
        AwardTable(
            award,
            *counts[award.pk],
            rows=_lines(campaign, counties, version, award.pk) if version else iter(()),
        )
        for award in _shown(campaign, counts)
    ]


def _lines(
    campaign: Campaign, counties: Counties, version: RankingVersion, award_id: int
) -> Iterator[Line]:
    rows = (
        _ranked(version)
        .filter(award_id=award_id)
        .order_by("rank", "name_order")
        .values_list(*_FIELDS)
    )
    office = campaign.office.name
    for values in rows.iterator(chunk_size=2000):
        yield _line(counties, office, values)


def totals(
    campaign: Campaign, version: RankingVersion | None = None
) -> tuple[dict[int, list[Decimal]], dict[str, list[Decimal]]]:
    """The ranked totals per award and per county (县市区), for the distribution charts."""
    version = version or current(campaign)
    by_award: dict[int, list[Decimal]] = {}
    by_county: dict[str, list[Decimal]] = {}
    if version is None:
        return by_award, by_county
    counties = counties_of(campaign)
    office = campaign.office.name
    rows = _ranked(version).values_list(
        "award_id", "total", "application__organization__region__path"
    )
    for award_id, total, path in rows.order_by().iterator(chunk_size=2000):
        by_award.setdefault(award_id, []).append(total)
        county = counties.of_path(path)
        by_county.setdefault(county.name if county else office, []).append(total)
    return by_award, by_county
