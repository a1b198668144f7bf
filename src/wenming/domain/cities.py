"""文明城市 by composite (seed 000 §四(四)): a third-party field survey, the online material
review and questionnaires, weighted and ranked; the top share is named 文明城市 and the next
share 提名城市. Both shares and the weights are a campaign's settings; the weights below are
our default, as the sources give none.

Each part is on a 0..100 scale before weighting: the survey company's score as it is, the
review's total as a share of the framework's maximum, the questionnaire's rate as a
percentage. The composite is exact (Decimal) and ties are broken by the survey score, then
by name, so the order never depends on the input's order.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

SURVEY = "survey"  # 实地测评 by the survey company, 0..100
REVIEW = "review"  # 网上材料审核 under the city framework, share of its maximum
QUESTIONNAIRE = "questionnaire"  # 问卷调查 rate, as a percentage
PARTS = (SURVEY, REVIEW, QUESTIONNAIRE)

DEFAULT_CITY_WEIGHTS: dict[str, str] = {SURVEY: "0.60", REVIEW: "0.20", QUESTIONNAIRE: "0.20"}

HUNDRED = Decimal(100)


class CityError(ValueError):
    """Settings or scores that cannot be ranked; ``code`` names the problem."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(f"{code}: {params}" if params else code)


class Outcome(StrEnum):
    NAMED = "named"  # 文明城市
    NOMINATED = "nominated"  # 提名城市
    NONE = "none"


@dataclass(frozen=True, slots=True)
class CityScores:
    """One county's three parts, each on 0..100."""

    key: str
    name: str
    survey: Decimal
    review: Decimal
    questionnaire: Decimal


@dataclass(frozen=True, slots=True)
class CityRanked:
    scores: CityScores
    composite: Decimal
    rank: int
    outcome: Outcome


def check_weights(weights: Mapping[str, Decimal]) -> None:
    """The three weights, each in 0..1, summing to exactly 1."""
    if set(weights) != set(PARTS):
        raise CityError("weights_parts", parts=sorted(weights))
    for part, weight in weights.items():
        if not Decimal(0) <= weight <= Decimal(1):
            raise CityError("weight_invalid", part=part, weight=weight)
    total = sum(weights.values(), Decimal(0))
    if total != 1:
        raise CityError("weights_not_one", total=total)


def composite(scores: CityScores, weights: Mapping[str, Decimal]) -> Decimal:
    """The weighted sum of the three parts, exact."""
    for part in PARTS:
        value = getattr(scores, part)
        if not Decimal(0) <= value <= HUNDRED:
            raise CityError("score_out_of_range", city=scores.name, part=part, value=value)
    return (
        scores.survey * weights[SURVEY]
        + scores.review * weights[REVIEW]
        + scores.questionnaire * weights[QUESTIONNAIRE]
    )


def rank_cities(
    cities: Iterable[CityScores], weights: Mapping[str, Decimal], named: int, nominated: int
) -> tuple[CityRanked, ...]:
    """Every county by composite, highest first; the first ``named`` are 文明城市, the next
    ``nominated`` 提名城市, the rest neither. Equal composites share no rank: the survey
    score, then the name, orders them."""
    check_weights(weights)
    if named < 0 or nominated < 0:
        raise CityError("shares_negative", named=named, nominated=nominated)
    scored = [(composite(city, weights), city) for city in cities]
    keys = [city.key for _, city in scored]
    if len(set(keys)) != len(keys):
        raise CityError("city_duplicate")
    scored.sort(key=lambda pair: (-pair[0], -pair[1].survey, pair[1].name, pair[1].key))
    ranked = []
    for index, (value, city) in enumerate(scored):
        if index < named:
            outcome = Outcome.NAMED
        elif index < named + nominated:
            outcome = Outcome.NOMINATED
        else:
            outcome = Outcome.NONE
        ranked.append(CityRanked(city, value, index + 1, outcome))
    return tuple(ranked)
