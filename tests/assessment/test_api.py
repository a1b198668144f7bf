"""The assessment API: scoped reads, marks through the service, constant queries."""

import io

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.assessment.drawing import commit_and_draw
from tests.conftest import login

from wenming.assessment import services
from wenming.assessment.models import Mark


def names(response) -> set[str]:
    return {row["organization"] for row in response.json()["results"]}


def test_assessor_reads_only_its_groups_assignments(client, cast, assessment):
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    login(client, cast.assessor)
    mine = names(client.get("/api/assessment/assignments/"))
    assert {"West Unit", "West School"} <= mine
    assert not mine & {"East Unit", "East Village", "East Extra"}
    groups = {g["name"] for g in client.get("/api/assessment/groups/").json()["results"]}
    assert groups == {"East group"}
    login(client, cast.city)
    assert len(names(client.get("/api/assessment/assignments/"))) == 6


def test_another_office_reads_nothing(client, cast, assessment):
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    login(client, cast.county)  # the east county's office does not run the campaign
    assert client.get("/api/assessment/assignments/").json()["results"] == []
    login(client, cast.applicant)
    assert client.get("/api/assessment/assignments/").status_code == 403


def test_marks_are_saved_through_the_service_and_scoped(client, cast, assessment):
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    west_unit = assessment.apps["West Unit"]
    body = {
        "round": assessment.round.pk,
        "application": west_unit.pk,
        "clause_key": "1.1",
        "method": "material",
        "points": "1.5",
    }
    login(client, cast.assessor)
    assert client.post("/api/assessment/marks/", body).status_code == 201
    assert client.post("/api/assessment/marks/", body).status_code == 200  # idempotent
    assert Mark.objects.count() == 1
    assert len(client.get("/api/assessment/marks/").json()["results"]) == 1
    login(client, assessment.west_assessor)
    refused = client.post("/api/assessment/marks/", body | {"points": "1"})
    assert refused.status_code == 403
    assert client.get("/api/assessment/marks/").json()["results"] == []
    assert Mark.objects.get().points == 1.5


def test_samples_show_the_seed(client, cast, assessment):
    round_ = services.round_create(
        acting_user=cast.city,
        campaign=assessment.setup.campaign,
        kind="city_recheck",
        name="复核",
        sampled=True,
        default_ratio="0.5",
    )
    drawn = commit_and_draw(cast.city, round_)
    login(client, cast.city)
    rows = client.get("/api/assessment/samples/").json()["results"]
    assert {r["seed"] for r in rows} == {drawn.seed}
    assert len(rows) == drawn.size


def test_assignment_list_runs_a_constant_number_of_queries(client, cast, assessment):
    login(client, cast.city)
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    for url in ("/api/assessment/assignments/", "/api/assessment/groups/"):
        with CaptureQueriesContext(connection) as first:
            client.get(url)
        services.group_create(
            acting_user=cast.city, round_=assessment.round, name=f"More {url[-8:]}"
        )
        services.assignment_generate(acting_user=cast.city, round_=assessment.round)
        with CaptureQueriesContext(connection) as second:
            client.get(url)
        assert len(second) == len(first), url


def test_openapi_schema_has_the_assessment_endpoints(capsys, db):
    out = io.StringIO()
    call_command("spectacular", "--validate", stdout=out)
    warnings = capsys.readouterr().err
    for name in ("Assignment", "Mark", "Visit", "Sample", "GroupSerializer"):
        assert name not in warnings, warnings
    assert "/api/assessment/marks/" in out.getvalue()
