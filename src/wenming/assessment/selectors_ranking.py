"""Reads of the ranking: the table per award, statistics per award and county, and the
distribution of totals — each in a fixed number of queries whatever the number of rows."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Max

from wenming.campaigns.models import Application, Award, Campaign
from wenming.domain.application_states import State

from .models import Mark, Round, SampleEntry
from .models_ranking import RankingResult, RankingVersion
from .population import counties_of

#: Statuses that never count as applied (not yet submitted).
_NOT_APPLIED = (State.DRAFT.value,)


@dataclass(frozen=True)
class RankedRow:
    """One ranked application as the table shows it: its stored result and its county
    (县市区; the office's own name for an applicant registered at the office's level)."""

    result: RankingResult
    county: str


@dataclass
class AwardRanking:
    """One award's table: its ranked rows in order, and the applications left unranked."""

    award: Award
    rows: list[RankedRow] = field(default_factory=list)
    unranked: list[RankingResult] = field(default_factory=list)


def current(campaign: Campaign) -> RankingVersion | None:
    """The campaign's latest ranking version."""
    return RankingVersion.objects.filter(campaign=campaign).order_by("-number").first()


def versions(campaign: Campaign) -> list[RankingVersion]:
    return list(
        RankingVersion.objects.filter(campaign=campaign)
        .select_related("computed_by", "frozen_by")
        .order_by("-number")
    )


def rankings(campaign: Campaign, version: RankingVersion | None = None) -> list[AwardRanking]:
    """Every award of the campaign with its ranked rows in order, in the given version
    (default: the latest)."""
    by_award = {a.pk: AwardRanking(a) for a in campaign.awards.all()}
    version = version or current(campaign)
    if version is None:
        return list(by_award.values())
    counties = counties_of(campaign)
    results = (
        RankingResult.objects.filter(version=version)
        .select_related("application__organization__region")
        .order_by("award_id", "rank", "name_order")
    )
    for result in results:
        target = by_award[result.award_id]
        if result.rank is None:
            target.unranked.append(result)
            continue
        county = counties.of_path(result.application.organization.region.path)
        target.rows.append(RankedRow(result, county.name if county else campaign.office.name))
    return list(by_award.values())


def computed_at(campaign: Campaign) -> datetime | None:
    version = current(campaign)
    return version.computed_at if version else None


def is_stale(campaign: Campaign, at: datetime | None) -> bool:
    """True when a mark changed after the ranking was computed (or none was computed)."""
    latest = Mark.objects.filter(round__campaign=campaign).aggregate(at=Max("updated_at"))["at"]
    return at is None or (latest is not None and latest > at)


@dataclass
class StatRow:
    award: str
    county: str
    applied: int
    sampled: int
    assessed: int

    @property
    def sampled_share(self) -> Decimal | None:
        return None if not self.applied else Decimal(100 * self.sampled) / self.applied

    @property
    def assessed_share(self) -> Decimal | None:
        return None if not self.applied else Decimal(100 * self.assessed) / self.applied


def statistics(campaign: Campaign) -> list[StatRow]:
    """Applied, sampled and assessed per award and county, with a total row per award."""
    counties = counties_of(campaign)
    labels = {a.pk: a.label for a in campaign.awards.all()}
    rows = Application.objects.filter(campaign=campaign).exclude(status__in=_NOT_APPLIED)
    sampled_ids = set(
        SampleEntry.objects.filter(
            round__in=Round.objects.filter(campaign=campaign, sampled=True)
        ).values_list("application_id", flat=True)
    )
    version = current(campaign)
    assessed_ids = set(
        RankingResult.objects.filter(version=version, rank__isnull=False).values_list(
            "application_id", flat=True
        )
    )
    counts: Counter[tuple[int, str, str]] = Counter()
    for pk, award_id, path in rows.values_list("pk", "award_id", "organization__region__path"):
        region = counties.of_path(path)
        name = region.name if region else campaign.office.name
        for key in ((award_id, name), (award_id, "")):
            counts[(*key, "applied")] += 1
            counts[(*key, "sampled")] += pk in sampled_ids
            counts[(*key, "assessed")] += pk in assessed_ids
    out = []
    places = sorted({(a, c) for a, c, _ in counts}, key=lambda k: (k[0], k[1] == "", k[1]))
    for award_id, county in places:
        out.append(
            StatRow(
                labels.get(award_id, ""),
                county,
                counts[(award_id, county, "applied")],
                counts[(award_id, county, "sampled")],
                counts[(award_id, county, "assessed")],
            )
        )
    return out
