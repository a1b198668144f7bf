"""The campaigns API: each role reads and changes only what its scope allows."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone
from tests.campaigns.conftest import complete
from tests.conftest import login
from tests.factories import OrganizationFactory, reach_stage

from wenming.audit.models import AuditEvent
from wenming.campaigns import services
from wenming.campaigns.models import Application, Stage
from wenming.campaigns.selectors.applications import markable_clauses

ROLES = ["admin", "city", "county", "body", "applicant", "assessor", "reviewer", "committee"]


def start(cast, setup, organization) -> Application:
    return services.application_start(
        acting_user=cast.admin, campaign=setup.campaign, award=setup.unit, organization=organization
    )


@pytest.fixture
def apps(world, cast, campaign):
    """A draft application from each way in: the east and west counties, the education
    bureau, and a unit applying directly to the city office."""
    bureau_unit = OrganizationFactory(name="Bureau Unit", region=world.city, body=world.education)
    out = {}
    for key, org in (
        ("east", world.east_unit),
        ("west", world.west_unit),
        ("bureau", bureau_unit),
        ("direct", world.direct_unit),
    ):
        out[key] = services.application_start(
            acting_user=cast.admin,
            campaign=campaign.campaign,
            award=campaign.unit,
            organization=org,
        )
    return out


def submitted_east(cast, campaign, apps):
    complete(apps["east"], cast.applicant)
    return services.application_submit(acting_user=cast.applicant, application=apps["east"])


@pytest.mark.parametrize("role", [*ROLES, "nobody"])
def test_campaigns_are_read_by_every_role_with_awards_and_stages(client, cast, campaign, role):
    login(client, getattr(cast, role))
    response = client.get("/api/campaigns/")
    if role == "nobody":
        assert response.status_code == 403
        return
    (row,) = response.json()["results"]
    assert row["name"] == "第二十届市级精神文明建设先进集体推荐考核"
    assert [a["label"] for a in row["awards"]] == ["市级文明单位", "市级文明单位标兵"]
    assert [s["kind"] for s in row["stages"]] == [
        "application",
        "recommendation",
        "assessment",
        "screening",
        "publicity",
        "approval",
        "naming",
    ]
    assert row["stages"][0]["is_open"] is True


SEES = {
    "admin": {"East Unit", "West Unit", "Bureau Unit", "Direct Unit"},
    "city": {"East Unit", "West Unit", "Bureau Unit", "Direct Unit"},  # runs the campaign
    "county": {"East Unit"},  # routed to the east county office
    "body": {"Bureau Unit"},  # routed to the education bureau
    "applicant": {"East Unit"},  # its own
    "assessor": set(),
    "reviewer": set(),
    "committee": set(),
}


@pytest.mark.parametrize("role", [*ROLES, "nobody"])
def test_each_role_sees_only_the_applications_in_its_scope(client, cast, apps, role):
    login(client, getattr(cast, role))
    listing = client.get("/api/applications/")
    detail = client.get(f"/api/applications/{apps['east'].pk}/")
    if role == "nobody":
        assert (listing.status_code, detail.status_code) == (403, 403)
        return
    assert {r["organization_name"] for r in listing.json()["results"]} == SEES[role]
    assert detail.status_code == (200 if "East Unit" in SEES[role] else 404)


@pytest.mark.parametrize(
    ("role", "organization", "expected"),
    [
        ("applicant", "east_unit", 200),
        ("applicant", "west_unit", 404),  # an applicant sees only itself
        ("county", "east_unit", 200),
        ("county", "west_unit", 404),
        ("city", "west_unit", 200),
        ("assessor", "east_unit", 404),
        ("nobody", "east_unit", 403),
    ],
)
def test_eligibility_is_told_for_organizations_the_caller_sees(
    client, world, cast, campaign, role, organization, expected
):
    login(client, getattr(cast, role))
    org = getattr(world, organization)
    response = client.get(
        f"/api/campaigns/{campaign.campaign.pk}/eligibility/", {"organization": org.pk}
    )
    assert response.status_code == expected
    if expected == 200:
        verdicts = {v["label"]: v for v in response.json()["verdicts"]}
        assert verdicts["市级文明单位"]["eligible"] is True
        assert verdicts["市级文明单位标兵"]["eligible"] is False
        assert "需要第十八、十九届市级文明单位" in verdicts["市级文明单位标兵"]["text"]


APPLY = {
    "admin": 201,
    "applicant": 201,
    "city": 403,  # sees the unit, may not apply for it
    "county": 403,
    "committee": 403,
    "body": 400,  # does not see the unit: no such organization for them
    "assessor": 400,
    "reviewer": 400,
    "nobody": 403,
}


@pytest.mark.parametrize("role", [*ROLES, "nobody"])
def test_only_the_contact_or_an_admin_applies(client, world, cast, campaign, role):
    login(client, getattr(cast, role))
    body = {"award": campaign.unit.pk, "organization": world.east_unit.pk}
    response = client.post("/api/applications/", body, content_type="application/json")
    assert response.status_code == APPLY[role]
    assert Application.objects.count() == (1 if APPLY[role] == 201 else 0)
    if APPLY[role] == 201:
        assert response.json()["status"] == "draft"
        again = client.post("/api/applications/", body, content_type="application/json")
        assert (again.status_code, again.json()["id"]) == (200, response.json()["id"])


@pytest.mark.parametrize("role", ROLES)
def test_only_the_applicant_or_an_admin_submits(client, cast, campaign, apps, role):
    complete(apps["east"], cast.applicant)
    login(client, getattr(cast, role))
    response = client.post(f"/api/applications/{apps['east'].pk}/submit/")
    expected = {"admin": 200, "applicant": 200, "city": 403, "county": 403}.get(role, 404)
    assert response.status_code == expected
    apps["east"].refresh_from_db()
    assert apps["east"].status == ("submitted" if expected == 200 else "draft")


@pytest.mark.parametrize("role", ROLES)
def test_only_the_recommending_unit_returns_an_application(client, cast, campaign, apps, role):
    submitted_east(cast, campaign, apps)
    login(client, getattr(cast, role))
    response = client.post(
        f"/api/applications/{apps['east'].pk}/return/",
        {"comment": "请补充志愿服务台账"},
        content_type="application/json",
    )
    expected = {"admin": 200, "county": 200, "city": 403, "applicant": 403}.get(role, 404)
    assert response.status_code == expected
    if expected == 200:
        assert response.json()["status"] == "returned"
        assert response.json()["comment"] == "请补充志愿服务台账"


def test_applicant_fills_the_form_self_marks_and_withdraws(client, cast, campaign, apps):
    login(client, cast.applicant)
    url = f"/api/applications/{apps['east'].pk}"
    response = client.patch(
        f"{url}/form/", {"staff_count": 10, "party_members": 12}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"party_members": ["在职党员数不能多于职工人数。"]}
    response = client.patch(f"{url}/form/", {"staff_count": 90}, content_type="application/json")
    assert response.json()["form"]["staff_count"] == 90

    key = markable_clauses(apps["east"])[0]
    mark = {"clause_key": key, "points": "1.5", "narrative": "每月开展理论学习"}
    response = client.put(f"{url}/self-marks/", mark, content_type="application/json")
    assert response.json()["points"] == "1.50"
    response = client.put(
        f"{url}/self-marks/", mark | {"points": "9"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "的自评分应在 0 到" in response.json()["detail"]

    response = client.post(f"{url}/withdraw/", {"reason": "本年度暂不申报"})
    assert response.json()["status"] == "withdrawn"


def test_submission_after_the_deadline_is_refused_with_the_deadline(client, cast, campaign, apps):
    complete(apps["east"], cast.applicant)
    stage = Stage.objects.get(campaign=campaign.campaign, kind="application")
    stage.closes_at = timezone.now() - timedelta(minutes=5)
    stage.save()
    login(client, cast.applicant)
    response = client.post(f"/api/applications/{apps['east'].pk}/submit/")
    closes = formats.date_format(timezone.localtime(stage.closes_at), "Y年n月j日 H:i")
    assert response.status_code == 400
    assert response.json() == {
        "detail": f"申报阶段已于 {closes} 截止，逾期不予受理。",
        "errors": {},
    }
    apps["east"].refresh_from_db()
    assert apps["east"].status == "draft"


def test_submitting_twice_through_the_api_submits_once(client, cast, campaign, apps):
    complete(apps["east"], cast.applicant)
    login(client, cast.applicant)
    first = client.post(f"/api/applications/{apps['east'].pk}/submit/")
    second = client.post(f"/api/applications/{apps['east'].pk}/submit/")
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json()["submitted_at"] == second.json()["submitted_at"]
    assert AuditEvent.objects.filter(action="application.submit").count() == 1


def list_queries(client, user) -> int:
    login(client, user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/applications/?limit=100")
    assert response.status_code == 200
    return len(queries)


def test_application_list_runs_the_same_queries_for_3_and_30(client, world, cast, campaign):
    def add(n: int) -> None:
        for _ in range(n):
            start(cast, campaign, OrganizationFactory(region=world.east))

    add(3)
    few = list_queries(client, cast.city)
    add(27)
    assert Application.objects.count() == 30
    assert list_queries(client, cast.city) == few


QUOTAS_SEEN = {
    "admin": {"East County", "West County", "Education Bureau"},
    "city": {"East County", "West County", "Education Bureau"},
    "county": {"East County"},  # its own quota
    "body": {"Education Bureau"},
    "applicant": set(),
    "assessor": set(),
    "reviewer": set(),
    "committee": set(),
}


@pytest.mark.parametrize("role", ROLES)
def test_quotas_show_use_to_the_office_and_change_only_with_a_reason(
    client, world, cast, campaign, apps, role
):
    submitted_east(cast, campaign, apps)
    reach_stage(campaign.campaign, "recommendation")
    services.recommend(
        acting_user=cast.county, award=campaign.unit, recommended=[apps["east"]], region=world.east
    )
    login(client, getattr(cast, role))
    rows = {r["unit_name"]: r for r in client.get("/api/quotas/").json()["results"]}
    assert set(rows) == QUOTAS_SEEN[role]
    if "East County" in rows:
        assert (rows["East County"]["places"], rows["East County"]["used"]) == (2, 1)

    change = {"award": campaign.unit.pk, "region": world.west.pk, "places": 1, "kind": "penalty"}
    response = client.post("/api/quotas/", change | {"reason": "交叉互检不规范，扣减名额"})
    assert response.status_code == (200 if role in ("admin", "city") else 403)
    if response.status_code == 200:
        assert (response.json()["places"], response.json()["used"]) == (1, 0)
        response = client.post("/api/quotas/", change | {"reason": " "})
        assert response.json() == {"detail": "调整名额必须说明原因。", "errors": {}}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_recommending_unit_recommends_within_its_quota(
    client, world, cast, campaign, apps, role
):
    submitted_east(cast, campaign, apps)
    reach_stage(campaign.campaign, "recommendation")
    login(client, getattr(cast, role))
    decision = {"award": campaign.unit.pk, "region": world.east.pk}
    response = client.post(
        "/api/recommendations/",
        decision | {"recommended": [apps["east"].pk]},
        content_type="application/json",
    )
    apps["east"].refresh_from_db()
    if role in ("admin", "county"):
        assert response.status_code == 200
        assert [(r["organization_name"], r["status"], r["rank"]) for r in response.json()] == [
            ("East Unit", "recommended", 1)
        ]
    else:
        # The city office and the applicant see it but are not its recommending unit;
        # the rest do not see it at all.
        assert response.status_code == (403 if role in ("city", "applicant") else 400)
        assert apps["east"].status == "submitted"


def test_recommending_beyond_the_quota_is_refused(client, world, cast, campaign):
    ids = []
    for _ in range(3):
        org = OrganizationFactory(region=world.east)
        application = services.application_start(
            acting_user=cast.admin,
            campaign=campaign.campaign,
            award=campaign.unit,
            organization=org,
        )
        complete(application, cast.admin)
        services.application_submit(acting_user=cast.admin, application=application)
        ids.append(application.pk)
    reach_stage(campaign.campaign, "recommendation")
    login(client, cast.county)
    response = client.post(
        "/api/recommendations/",
        {"award": campaign.unit.pk, "region": world.east.pk, "recommended": ids},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "推荐 3 个，超出名额 2 个。", "errors": {}}
    assert not Application.objects.filter(status="recommended").exists()


def test_openapi_schema_has_the_campaign_endpoints_without_warnings_about_them(capsys, db):
    out = io.StringIO()
    call_command("spectacular", "--validate", "--format", "openapi-json", stdout=out)
    warnings = capsys.readouterr().err
    for name in ("Campaign", "Application", "Quota", "Recommend", "Eligibility", "SelfMark"):
        assert name not in warnings, warnings
    schema = json.loads(out.getvalue())
    for path in (
        "/api/campaigns/{id}/eligibility/",
        "/api/applications/{id}/submit/",
        "/api/applications/{id}/return/",
        "/api/applications/{id}/self-marks/",
        "/api/quotas/",
        "/api/recommendations/",
    ):
        assert path in schema["paths"]
    # The choice fields keep their values inline: no enum named after "status" or "kind"
    # collides with the registry's and frameworks' fields of those names.
    status = schema["components"]["schemas"]["Application"]["properties"]["status"]
    assert "returned" in status["allOf"][0]["enum"]
