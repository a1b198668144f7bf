"""Who a round assesses, and which county each applicant and group belongs to.

"County" is the region one level below the office running the campaign: a county for a
city's campaign, a city for a province's. Applicants above that level (direct applicants
of the city) belong to no county, and a group without a home county (the city's own
re-check groups) may assess anyone.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from wenming.campaigns.models import Application, Campaign
from wenming.domain.application_states import State
from wenming.domain.titles import AssessmentMode
from wenming.registry.models import Region
from wenming.visits.models import Group

from .models import Round, StratumKind

#: The statuses of applications an assessment round covers.
ASSESSABLE = (State.RECOMMENDED.value, State.ASSESSED.value)
#: Only awards assessed by marks take rounds, groups and the ranking: families are
#: reviewed centrally (``wenming.families``), counties ranked by composite (``wenming.cities``).
SCORED = Q(award__assessment=AssessmentMode.SCORED)


def scored(application: Application) -> bool:
    """``SCORED`` for an application already read."""
    return application.award.assessment == AssessmentMode.SCORED


NO_COUNTY = "-"


@dataclass(frozen=True)
class Counties:
    """The regions one level below a campaign's office, by code, for path lookups."""

    office_path: str
    by_code: dict[str, Region]

    def of_path(self, path: str) -> Region | None:
        if not path.startswith(self.office_path):
            return None
        rest = path[len(self.office_path) :].strip("/")
        return self.by_code.get(rest.split("/")[0]) if rest else None


def counties_of(campaign: Campaign) -> Counties:
    office = campaign.office
    regions = Region.objects.filter(parent=office).order_by("code")
    return Counties(office.path, {r.code: r for r in regions})


def candidates(round_: Round) -> QuerySet[Application]:
    """The applications the round may assess (before any sampling)."""
    return (
        Application.objects.filter(SCORED, campaign_id=round_.campaign_id, status__in=ASSESSABLE)
        .select_related("organization__region", "award")
        .order_by("id")
    )


def applications(round_: Round) -> QuerySet[Application]:
    """The applications the round assesses: its sample when sampled, else all candidates."""
    qs = candidates(round_)
    if round_.sampled:
        qs = qs.filter(pk__in=round_.sample.values("application_id"))
    return qs


def county_key(county: Region | None) -> str:
    return str(county.pk) if county else NO_COUNTY


def group_county_key(group: Group) -> str:
    # A group with no home county must never match an applicant's county, not even "-".
    return str(group.home_county_id) if group.home_county_id else f"-g{group.pk}"


def stratum_key(kind: str, application: Application, county: Region | None) -> str:
    award = f"award:{application.award_id}"
    place = f"county:{county.pk if county else 0}"
    if kind == StratumKind.AWARD:
        return award
    if kind == StratumKind.COUNTY:
        return place
    return f"{award}/{place}"


def ratio_keys(key: str) -> Iterable[str]:
    """The ratio settings that may apply to a stratum, most specific first."""
    yield key
    if "/" in key:
        yield from key.split("/")


def ratio_for(round_: Round, key: str) -> Decimal:
    """The ratio of one stratum: its own setting, its award's or county's, else the default."""
    for candidate in ratio_keys(key):
        if candidate in round_.ratios:
            return Decimal(round_.ratios[candidate])
    return round_.default_ratio
