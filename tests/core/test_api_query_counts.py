"""Every API list runs the same number of queries for a few rows and for many.

The lists with their own test beside their app (organizations, applications, groups,
assignments, meetings, supervision items, appeals, creation) are not repeated here. Each
endpoint below adds its rows one at a time (set-up data written directly: the services
that write them have their own tests).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from tests.assessment.conftest import assessment  # noqa: F401  (a fixture)
from tests.campaigns.conftest import FAMILY_STANDARD, TABLE, campaign  # noqa: F401  (a fixture)
from tests.committee.conftest import listed  # noqa: F401  (a fixture)
from tests.conftest import login
from tests.factories import (
    BodyFactory,
    OrganizationFactory,
    RegionFactory,
    TitleFactory,
    all_stages_open,
)
from tests.supervision.conftest import frameworks, midyear  # noqa: F401  (fixtures)

from wenming.assessment.models import (
    Assignment,
    Mark,
    Questionnaire,
    RankingResult,
    RankingVersion,
    SampleEntry,
)
from wenming.campaigns import services as campaign_services
from wenming.campaigns.models import Application, Campaign
from wenming.committee.models import Certificate, Meeting, NamingDecision
from wenming.frameworks.models import Framework
from wenming.frameworks.services import framework_import
from wenming.publicity.models import Objection, Publicity, PublicityEntry
from wenming.screening.models import ScreeningAnswer, ScreeningRequest, ScreeningRound
from wenming.supervision import services as supervision_services
from wenming.supervision.models import Bulletin, DutyRecord
from wenming.visits.models import Visit


@dataclass
class Rows:
    """The fixtures an endpoint's rows are built on, and what its first row set up."""

    fx: dict[str, Any]
    kept: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.fx[name]
        except KeyError:
            raise AttributeError(name) from None


def application(rows: Rows, n: int) -> Application:
    """A recommended application of the campaign's 市级文明单位, of a new east unit."""
    setup = rows.fx.get("assessment")
    setup = setup.setup if setup is not None else rows.campaign
    return Application.objects.create(
        campaign=setup.campaign,
        award=setup.unit,
        organization=OrganizationFactory(name=f"Listed {n}", region=rows.world.east),
        region=rows.world.east,
        status="recommended",
        created_by=rows.cast.city,
    )


def add_region(rows: Rows, n: int) -> None:
    RegionFactory(name=f"County {n}", level="county", parent=rows.world.city)


def add_body(rows: Rows, n: int) -> None:
    BodyFactory(name=f"Bureau {n}", region=rows.world.city)


def add_title(rows: Rows, n: int) -> None:
    TitleFactory(organization=OrganizationFactory(region=rows.world.east))


def add_framework(rows: Rows, n: int) -> None:
    framework_import(acting_user=None, document={**FAMILY_STANDARD, "code": f"family-{n}"})


def add_campaign(rows: Rows, n: int) -> Campaign:
    framework = Framework.objects.get(code="yiyang-unit-2021")
    return campaign_services.campaign_create(
        acting_user=rows.cast.city,
        name=f"Campaign {n}",
        edition=30 + n,  # one campaign per edition and office
        office=rows.world.city,
        eligibility_table=yaml.safe_load(TABLE.read_text(encoding="utf-8")),
        stages=all_stages_open(),
        awards=[{"category": "unit", "level": "municipal", "model": False, "framework": framework}],
    )


def add_quota(rows: Rows, n: int) -> None:
    county = RegionFactory(name=f"County {n}", level="county", parent=rows.world.city)
    campaign_services.quota_set(
        acting_user=rows.cast.city, award=rows.campaign.unit, places=2, reason="r", region=county
    )


def add_sample(rows: Rows, n: int) -> None:
    SampleEntry.objects.create(
        round=rows.assessment.round, application=application(rows, n), stratum="east"
    )


def add_visit(rows: Rows, n: int) -> None:
    Assignment.objects.create(
        round=rows.assessment.round,
        application=application(rows, n),
        group=rows.assessment.east_group,
        visit=Visit.objects.create(updated_by=rows.cast.city),
    )


def add_mark(rows: Rows, n: int) -> None:
    framework = rows.assessment.setup.framework
    Mark.objects.create(
        round=rows.assessment.round,
        application=application(rows, n),
        assessor=rows.cast.assessor,
        clause_key="1.1",
        method="material",
        points=Decimal(1),
        framework=framework,
    )


def add_ranking(rows: Rows, n: int) -> None:
    setup = rows.assessment.setup
    if "version" not in rows.kept:
        rows.kept["version"] = RankingVersion.objects.create(
            campaign=setup.campaign,
            number=1,
            computed_at=timezone.now(),
            computed_by=rows.cast.city,
        )
    RankingResult.objects.create(
        version=rows.kept["version"],
        campaign=setup.campaign,
        award=setup.unit,
        application=application(rows, n),
        name=f"Listed {n}",
        rank=n + 1,
        computed_at=timezone.now(),
    )


def add_questionnaire(rows: Rows, n: int) -> None:
    Questionnaire.objects.create(
        application=application(rows, n), kind="public", created_by=rows.cast.city
    )


def add_decision(rows: Rows, n: int) -> NamingDecision:
    """A decision of a meeting of its own (a meeting names once)."""
    meeting = Meeting.objects.create(
        campaign=rows.campaign.campaign, held_on=date(2021, 12, 20), created_by=rows.cast.city
    )
    return NamingDecision.objects.create(
        meeting=meeting,
        document_number=f"Doc {n}",
        named_on=date(2021, 12, 25),
        naming_body="City committee",
        created_by=rows.cast.city,
    )


def add_certificate(rows: Rows, n: int) -> None:
    if "decision" not in rows.kept:
        rows.kept["decision"] = add_decision(rows, n)
    app = application(rows, n)
    Certificate.objects.create(
        decision=rows.kept["decision"],
        application=app,
        title=TitleFactory(organization=app.organization, edition=20),
        code=f"TEST{n:08d}",
    )


def publicity(rows: Rows, of: Campaign, entries: list[Application]) -> Publicity:
    today = timezone.localdate()
    found = Publicity.objects.create(
        campaign=of,
        starts_on=today,
        ends_on=today + timedelta(days=7),
        working_days=5,
        contact_phone="0000-1234567",
        published_by=rows.cast.city,
    )
    for listed_application in entries:
        PublicityEntry.objects.create(publicity=found, application=listed_application)
    return found


def add_publicity(rows: Rows, n: int) -> None:
    """A campaign of its own (one publicity per campaign) listing one published unit."""
    own = add_campaign(rows, n)
    published = Application.objects.create(
        campaign=own,
        award=own.awards.get(),
        organization=OrganizationFactory(name=f"Published {n}", region=rows.world.east),
        region=rows.world.east,
        status="published",
        created_by=rows.cast.city,
    )
    publicity(rows, own, [published])


def add_objection(rows: Rows, n: int) -> None:
    if "publicity" not in rows.kept:
        rows.kept["publicity"] = publicity(rows, rows.campaign.campaign, rows.listed)
    Objection.objects.create(
        publicity=rows.kept["publicity"],
        application=rows.listed[n % 2],
        reasons=f"Reason {n}",
        contact="13900000000",
    )


def add_screening_request(rows: Rows, n: int) -> None:
    if "round" not in rows.kept:
        rows.kept["round"] = ScreeningRound.objects.create(
            campaign=rows.campaign.campaign,
            deadline=timezone.now() + timedelta(days=5),
            sent_by=rows.cast.city,
        )
    body = BodyFactory(name=f"Department {n}", region=rows.world.city, screens=True)
    request = ScreeningRequest.objects.create(round=rows.kept["round"], body=body)
    ScreeningAnswer.objects.create(
        request=request,
        application=application(rows, n),
        verdict="no_objection",
        answered_by=rows.cast.reviewer,
    )


def add_review(rows: Rows, n: int) -> None:
    supervision_services.review_create(
        acting_user=rows.cast.city,
        name=f"Review {n}",
        kind="midyear",
        office=rows.world.city,
        framework=Framework.objects.get(code="liaocheng-midyear-2018"),
        period_start=date(2018, 1, 1),
        period_end=date(2018, 8, 2),
    )


def add_duty_record(rows: Rows, n: int) -> None:
    DutyRecord.objects.create(
        review=rows.midyear.review,
        organization=OrganizationFactory(region=rows.world.east),
        on=date(2018, 3, 1) + timedelta(days=n),
        kind="absent",
        created_by=rows.cast.city,
    )


def add_bulletin(rows: Rows, n: int) -> None:
    Bulletin.objects.create(
        review=rows.midyear.review,
        title=f"通报 {n}",
        issuing_office="Office",
        issued_on=date(2018, 8, 20),
        created_by=rows.cast.city,
    )


@dataclass(frozen=True)
class Endpoint:
    url: str
    add: Callable[[Rows, int], None]
    fixtures: tuple[str, ...] = ()


ENDPOINTS = {
    "regions": Endpoint("/api/regions/", add_region),
    "bodies": Endpoint("/api/bodies/", add_body),
    "titles": Endpoint("/api/titles/", add_title),
    "frameworks": Endpoint("/api/frameworks/", add_framework),
    "campaigns": Endpoint("/api/campaigns/", add_campaign, ("campaign",)),
    "quotas": Endpoint("/api/quotas/", add_quota, ("campaign",)),
    "samples": Endpoint("/api/assessment/samples/", add_sample, ("assessment",)),
    "visits": Endpoint("/api/assessment/visits/", add_visit, ("assessment",)),
    "marks": Endpoint("/api/assessment/marks/", add_mark, ("assessment",)),
    "rankings": Endpoint("/api/assessment/rankings/", add_ranking, ("assessment",)),
    # The public's answers, as each questionnaire's rates.
    "answers": Endpoint("/api/assessment/questionnaires/", add_questionnaire, ("assessment",)),
    "decisions": Endpoint("/api/committee/decisions/", add_decision, ("campaign",)),
    "certificates": Endpoint("/api/committee/certificates/", add_certificate, ("campaign",)),
    "publicities": Endpoint("/api/publicities/", add_publicity, ("campaign",)),
    "objections": Endpoint("/api/objections/", add_objection, ("campaign", "listed")),
    "screening requests": Endpoint(
        "/api/screening-requests/", add_screening_request, ("campaign",)
    ),
    "reviews": Endpoint("/api/reviews/", add_review, ("frameworks",)),
    "duty records": Endpoint("/api/duty-records/", add_duty_record, ("midyear",)),
    "bulletins": Endpoint("/api/bulletins/", add_bulletin, ("midyear",)),
}


def listed_rows(client, url: str) -> tuple[int, int]:
    """How many rows the list shows, and how many queries it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"limit": 100})
    assert response.status_code == 200, response.content
    return response.json()["count"], len(queries)


@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_api_list_runs_the_same_queries_for_few_and_many_rows(name, request, world, cast, client):
    endpoint = ENDPOINTS[name]
    fixtures = {f: request.getfixturevalue(f) for f in endpoint.fixtures}
    rows = Rows({"world": world, "cast": cast, **fixtures})
    login(client, cast.city)
    for n in range(2):
        endpoint.add(rows, n)
    few, few_queries = listed_rows(client, endpoint.url)
    for n in range(2, 12):
        endpoint.add(rows, n)
    many, many_queries = listed_rows(client, endpoint.url)
    assert many == few + 10
    assert many_queries == few_queries, name
