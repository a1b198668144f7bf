"""Reads of the 文明城市 ranking: the counties of a campaign's city awards with their three
parts, ranked by ``wenming.domain.cities.rank_cities``, or as frozen at the close of the
assessment stage. Each read is a fixed number of queries whatever the number of counties.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet

from wenming.campaigns.models import Application, Award, Campaign
from wenming.domain.application_states import State
from wenming.domain.cities import (
    PARTS,
    QUESTIONNAIRE,
    REVIEW,
    SURVEY,
    CityRanked,
    CityScores,
    Outcome,
    rank_cities,
)
from wenming.domain.titles import AssessmentMode

from .models import CityRanking, CityStanding, QuestionnaireRate, ReviewScore, SurveyResult

CENT = Decimal("0.01")


def city_awards(campaign: Campaign) -> QuerySet[Award]:
    """The campaign's awards ranked by the 文明城市 composite."""
    return campaign.awards.filter(assessment=AssessmentMode.CITY_COMPOSITE).order_by("id")


def applicants(campaign: Campaign) -> QuerySet[Application]:
    """The counties the assessment ranks: recommended for a city award."""
    return (
        Application.objects.filter(
            campaign=campaign,
            award__assessment=AssessmentMode.CITY_COMPOSITE,
            status=State.RECOMMENDED,
        )
        .select_related("organization__region", "award__framework")
        .order_by("organization__name", "pk")
    )


def campaign_weights(campaign: Campaign) -> dict[str, Decimal]:
    return {part: Decimal(str(campaign.city_weights.get(part, "0"))) for part in PARTS}


@dataclass
class CountyLine:
    """One county on the ranking page: its parts (None while missing) and, once all three
    are in, its composite, rank and outcome."""

    application: Application
    survey: SurveyResult | None = None
    review: ReviewScore | None = None
    questionnaire: QuestionnaireRate | None = None
    composite: Decimal | None = None
    rank: int | None = None
    outcome: Outcome | None = None
    frozen: CityStanding | None = None
    row: CityRanked | None = None  # the domain's ranked row, while live

    @property
    def name(self) -> str:
        return self.application.organization.name

    @property
    def missing(self) -> list[str]:
        present = {SURVEY: self.survey, REVIEW: self.review, QUESTIONNAIRE: self.questionnaire}
        return [part for part, value in present.items() if value is None]

    def scores(self) -> CityScores:
        if self.survey is None or self.review is None or self.questionnaire is None:
            raise ValueError("a county with a missing part is not ranked")
        return CityScores(
            key=str(self.application.pk),
            name=self.name,
            survey=self.survey.score,
            review=self.review.score,
            questionnaire=self.questionnaire.rate,
        )


@dataclass
class AwardRanking:
    award: Award
    lines: list[CountyLine] = field(default_factory=list)  # ranked first, then the incomplete

    @property
    def complete(self) -> bool:
        return all(not line.missing for line in self.lines)

    def ranked(self) -> list[tuple[CountyLine, CityRanked]]:
        """The ranked lines with their domain row (composite, rank, outcome)."""
        return [(line, line.row) for line in self.lines if line.row is not None]


_Parts = tuple[dict[int, SurveyResult], dict[int, ReviewScore], dict[int, QuestionnaireRate]]


def _parts(ids: list[int]) -> _Parts:
    """Each application's three parts, by application id: three queries."""
    return (
        {r.application_id: r for r in SurveyResult.objects.filter(application_id__in=ids)},
        {r.application_id: r for r in ReviewScore.objects.filter(application_id__in=ids)},
        {r.application_id: r for r in QuestionnaireRate.objects.filter(application_id__in=ids)},
    )


def live_ranking(campaign: Campaign) -> list[AwardRanking]:
    """Each city award's recommended counties, ranked by the campaign's current weights and
    shares where all three parts are in; the incomplete after them, by name."""
    apps = list(applicants(campaign))
    surveys, reviews, rates = _parts([a.pk for a in apps])
    weights = campaign_weights(campaign)
    out = []
    for award in city_awards(campaign):
        lines = [
            CountyLine(a, surveys.get(a.pk), reviews.get(a.pk), rates.get(a.pk))
            for a in apps
            if a.award_id == award.pk
        ]
        complete = {str(line.application.pk): line for line in lines if not line.missing}
        ranked: list[CityRanked] = list(
            rank_cities(
                (line.scores() for line in complete.values()),
                weights,
                campaign.city_named,
                campaign.city_nominated,
            )
        )
        ordered = []
        for row in ranked:
            line = complete[row.scores.key]
            line.composite, line.rank, line.outcome = row.composite, row.rank, row.outcome
            line.row = row
            ordered.append(line)
        ordered += [line for line in lines if line.missing]
        out.append(AwardRanking(award, ordered))
    return out


def frozen_ranking(campaign: Campaign) -> CityRanking | None:
    return CityRanking.objects.filter(campaign=campaign).select_related("frozen_by").first()


def frozen_lines(ranking: CityRanking) -> list[AwardRanking]:
    """The ranking as frozen at the close, each line with the parts it was ranked on."""
    standings = list(
        ranking.standings.select_related(
            "application__organization__region", "application__award"
        ).order_by("application__award_id", "rank")
    )
    surveys, reviews, rates = _parts([s.application_id for s in standings])
    out = []
    for award in city_awards(ranking.campaign):
        lines = []
        for s in standings:
            if s.application.award_id != award.pk:
                continue
            a = s.application
            line = CountyLine(a, surveys.get(a.pk), reviews.get(a.pk), rates.get(a.pk))
            line.composite, line.rank, line.outcome = s.composite, s.rank, Outcome(s.outcome)
            line.frozen = s
            lines.append(line)
        out.append(AwardRanking(award, lines))
    return out


def unranked(campaign: Campaign) -> tuple[str, ...] | None:
    """The recommended city applicants missing a part, by name (None: no city award)."""
    if not city_awards(campaign).exists():
        return None
    apps = list(applicants(campaign))
    surveys, reviews, rates = _parts([a.pk for a in apps])
    return tuple(
        a.organization.name
        for a in apps
        if a.pk not in surveys or a.pk not in reviews or a.pk not in rates
    )


def cents(value: Decimal | None) -> str:
    """A score as shown: two decimals, rounded half up."""
    return "" if value is None else str(value.quantize(CENT, rounding=ROUND_HALF_UP))
