"""The campaign's sampling floors applied to a round (docs/rules.md#sampling).

A province's on-site round samples each category at no less than its floor; the city's
re-check samples every applicant's stratum at no less than the re-check floor. The rule
itself is ``domain.floors``; this module finds the lowest ratio the round would sample
each category at, from its candidates, and words a breach for the office."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wenming.domain.floors import (
    DEFAULT_SAMPLING_FLOORS,
    RECHECK,
    FloorBreach,
    floor_breaches,
    floor_of,
)
from wenming.domain.style import percent_text
from wenming.domain.titles import Category
from wenming.registry.models import CATEGORY_LABELS

from .models import Round, RoundKind
from .population import candidates, counties_of, ratio_for, stratum_key


def _lowest_ratios(round_: Round) -> dict[str, Decimal]:
    """Per floor key, the lowest ratio any of the round's candidates would be sampled at."""
    counties = counties_of(round_.campaign)
    lowest: dict[str, Decimal] = {}
    for application in candidates(round_):
        county = counties.of_path(application.organization.region.path)
        value = ratio_for(round_, stratum_key(round_.stratum_kind, application, county))
        key = RECHECK if round_.kind == RoundKind.CITY_RECHECK else application.award.category
        lowest[key] = min(value, lowest.get(key, value))
    return lowest


def _category_label(key: str) -> str:
    return str(CATEGORY_LABELS[Category(key)])


def _breach_text(breach: FloorBreach) -> str:
    if breach.key == RECHECK:
        return _("市级复核须抽查不低于%(floor)s的申报（本轮为%(ratio)s）") % {
            "floor": percent_text(breach.floor),
            "ratio": percent_text(breach.ratio),
        }
    return _("%(category)s的抽查比例须不低于%(floor)s（本轮为%(ratio)s）") % {
        "category": _category_label(breach.key),
        "floor": percent_text(breach.floor),
        "ratio": percent_text(breach.ratio),
    }


def floors_text(round_: Round) -> str:
    """The floors this round is held to, for its sampling page; empty when it has none."""
    floors = round_.campaign.sampling_floors
    if round_.kind == RoundKind.CITY_RECHECK:
        return _("本轮须抽查不低于全部申报的%(floor)s。") % {
            "floor": percent_text(floor_of(floors, RECHECK))
        }
    if round_.kind != RoundKind.PROVINCIAL_ONSITE:
        return ""
    parts = [
        f"{_category_label(key)}{percent_text(floor_of(floors, key))}"
        for key in DEFAULT_SAMPLING_FLOORS
        if key != RECHECK
    ]
    return _("本轮各类别的抽查比例下限：%(list)s。") % {"list": "、".join(parts)}


def refuse_below_floors(round_: Round) -> None:
    """Refuse a sampled province on-site round or city re-check below the campaign's floors,
    naming each floor missed; other rounds, and unsampled ones, have no floor."""
    if not round_.sampled:
        return
    if round_.kind not in (RoundKind.PROVINCIAL_ONSITE, RoundKind.CITY_RECHECK):
        return
    breaches = floor_breaches(_lowest_ratios(round_), round_.campaign.sampling_floors)
    if breaches:
        raise ValidationError(
            _("抽查比例低于本次评选的下限：%(list)s。")
            % {"list": "；".join(_breach_text(b) for b in breaches)}
        )
