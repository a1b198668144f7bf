"""Reads of the ranking: the table per award, statistics per award and county, and the
distribution of totals — each in a fixed number of queries whatever the number of rows;
and what a ranking run reads of each application besides its marks' figures (rounds and
their coverage, confirmed bonus claims, deductions, the preference of docs/rules.md#ranking), with
``explain``, one application's breakdown from the domain function."""

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Max

from wenming.campaigns.models import Application, Award, BonusClaim, Campaign
from wenming.domain import ranking as domain
from wenming.domain.application_states import State
from wenming.domain.normalization import RawMark, figures_of, normalize_round
from wenming.domain.ranking import Applicant, MarkKey, RoundSettings, marked_clauses, rank
from wenming.domain.scoring import Aggregation
from wenming.domain.scoring import BonusClaim as ClaimFact
from wenming.domain.titles import AssessmentMode

from .. import ranking_sql
from ..models import (
    DeductionRecord,
    Mark,
    RankingResult,
    RankingVersion,
    Round,
    SampleEntry,
    Standing,
)
from ..population import counties_of
from ..thresholds import questionnaire_results, statistics_of

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
    """True when a mark or a round's setting that moves the ranking (normalization)
    changed after the ranking was computed (or none was computed)."""
    if at is None:
        return True
    latest = Mark.objects.filter(round__campaign=campaign).aggregate(at=Max("updated_at"))["at"]
    setting = Round.objects.filter(campaign=campaign).aggregate(at=Max("settings_changed_at"))
    return any(moment is not None and moment > at for moment in (latest, setting["at"]))


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


# --- what a ranking run reads ------------------------------------------------------------


def round_settings(rounds: Iterable[Round]) -> list[RoundSettings]:
    return [RoundSettings(r.pk, r.weight, Aggregation(r.aggregation), r.trim_from) for r in rounds]


def coverage(rounds: list[Round]) -> dict[int, set[int]]:
    """For each sampled round, the applications it drew (a sampled round covers only them)."""
    sampled: dict[int, set[int]] = {r.pk: set() for r in rounds if r.sampled}
    if sampled:
        entries = SampleEntry.objects.filter(round_id__in=list(sampled))
        for round_id, application_id in entries.values_list("round_id", "application_id"):
            sampled[round_id].add(application_id)
    return sampled


def covering(
    rounds: list[Round], sampled: dict[int, set[int]], application_id: int
) -> tuple[int, ...]:
    return tuple(r.pk for r in rounds if not r.sampled or application_id in sampled.get(r.pk, ()))


def confirmed_claims(application_ids: Any) -> dict[int, list[ClaimFact]]:
    """Each application's confirmed bonus claims (pending or rejected ones never count)."""
    out: dict[int, list[ClaimFact]] = defaultdict(list)
    rows = BonusClaim.objects.filter(application_id__in=application_ids, status="confirmed")
    for row in rows.order_by("application_id", "dated", "id"):
        out[row.application_id].append(
            ClaimFact(row.rule, row.level, row.dated, row.content_key, row.title)
        )
    return out


def deduction_counts(application_ids: Any) -> dict[int, dict[str, int]]:
    """Each application's deductions: how many times each item applies, summed over records."""
    out: dict[int, Counter[str]] = defaultdict(Counter)
    rows = DeductionRecord.objects.filter(application_id__in=application_ids)
    for application_id, key, count in rows.values_list("application_id", "key", "count"):
        out[application_id][key] += count
    return {pk: dict(counts) for pk, counts in out.items()}


#: Per application, figure rows; and per application, its marks per (round, clause, method).
NormalizedFigures = tuple[dict[int, list[tuple[Any, ...]]], dict[int, dict[MarkKey, list[int]]]]


def award_cents(campaign: Campaign) -> dict[int, dict[str, int]]:
    """Per award of the campaign, its marked clauses' points in hundredths."""
    return {
        award.pk: {
            key: int(points * 100)
            for key, points in marked_clauses(award.framework.to_framework()).items()
        }
        for award in campaign.awards.filter(assessment=AssessmentMode.SCORED).select_related(
            "framework"
        )
    }


def normalized_figures(
    round_ids: Sequence[int], cents: Mapping[int, Mapping[str, int]]
) -> NormalizedFigures:
    """The figures and marks of the rounds that normalize their assessors' marks
    (``domain.normalization``), computed from every mark of those rounds: an assessor's
    scale is all their marks in the round, whatever the applicant's status. A clause
    the award does not mark keeps its marks as they are (the ranking then refuses it)."""
    groups: dict[tuple[int, int, str, str], list[int]] = {}
    by_round: dict[int, list[RawMark]] = {}
    rows = ranking_sql.round_marks(round_ids)
    for i, (_app, round_id, clause, _method, assessor, points, award) in enumerate(rows):
        cap = cents.get(award, {}).get(clause, 0)
        by_round.setdefault(round_id, []).append(RawMark(i, assessor, points, cap))
    values: dict[object, int] = {}
    for marks in by_round.values():
        values.update(normalize_round(marks))
    for i, (app, round_id, clause, method, *_rest) in enumerate(rows):
        groups.setdefault((app, round_id, clause, method), []).append(values[i])
    per_app: dict[int, dict[MarkKey, list[int]]] = {}
    for (app, round_id, clause, method), given in groups.items():
        per_app.setdefault(app, {})[(round_id, clause, method)] = given
    return {k: list(v) for k, v in figures_of(groups).items()}, per_app


def applicant_figures(
    rounds: list[Round], application_id: int
) -> tuple[list[tuple[Any, ...]], dict[MarkKey, list[int]]]:
    """One application's figures of every round, and its marks where a median needs them;
    a round that normalizes gives its figures from the normalized marks."""
    plain = [r for r in rounds if not r.normalize_marks]
    rows: list[tuple[Any, ...]] = list(ranking_sql.figures([r.pk for r in plain], application_id))
    marks = _median_marks(plain, rows)
    normalizing = [r.pk for r in rounds if r.normalize_marks]
    if normalizing:
        campaign = Campaign.objects.get(pk=rounds[0].campaign_id)
        figures, every = normalized_figures(normalizing, award_cents(campaign))
        rows += figures.get(application_id, [])
        marks |= every.get(application_id, {})
    return rows, marks


def _median_marks(rounds: list[Round], rows: list[tuple[Any, ...]]) -> dict[MarkKey, list[int]]:
    """The marks of the groups of five or more in rounds that take a median (rare)."""
    medians = {r.pk for r in rounds if r.aggregation == Aggregation.MEDIAN}
    if not medians or not any(row[4] >= 5 and row[1] in medians for row in rows):
        return {}
    apps = sorted({row[0] for row in rows})
    marks = ranking_sql.marks(sorted(medians), apps)
    return {(r, c, m): points for (_, r, c, m), points in marks.items()}


def applicant(
    application: Application,
    rounds: list[Round],
    sampled: dict[int, set[int]],
    figures: list[tuple[Any, ...]],
    marks: dict[MarkKey, list[int]],
    answers: Any,
    claims: list[ClaimFact],
    deductions: dict[str, int],
) -> Applicant:
    standing = Standing.objects.filter(application=application).first()
    return Applicant(
        application.pk,
        application.organization.name,
        covering(rounds, sampled, application.pk),
        figures,
        statistics_of(application.form),
        answers,
        tuple(claims),
        deductions,
        standing.preference if standing else 0,
        marks,
    )


def explain(application: Application) -> domain.Ranked:
    """One application's total and breakdown from the domain function, clause by clause
    (the breakdown page; a handful of queries for one application)."""
    campaign_id = application.campaign_id
    rounds = list(Round.objects.filter(campaign_id=campaign_id).order_by("id"))
    sampled = coverage(rounds)
    figures, marks = applicant_figures(rounds, application.pk)
    one = applicant(
        application,
        rounds,
        sampled,
        figures,
        marks,
        questionnaire_results([application.pk]).get(application.pk, {}),
        confirmed_claims([application.pk]).get(application.pk, []),
        deduction_counts([application.pk]).get(application.pk, {}),
    )
    framework = application.award.framework.to_framework()
    (result,) = rank(framework, round_settings(rounds), [one], detail=True)
    return result


def frozen(campaign: Campaign) -> RankingVersion | None:
    """The ranking screening takes: the latest frozen version."""
    versions = RankingVersion.objects.filter(campaign=campaign, frozen_at__isnull=False)
    return versions.order_by("-number").first()
