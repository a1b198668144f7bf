"""The API of questionnaires and rankings: the office issues and ranks, the public answers."""

from rest_framework.test import APIClient

from .marking import give


def _office(cast) -> APIClient:
    client = APIClient()
    client.force_authenticate(cast.city)
    return client


def test_office_issues_tokens_public_answers_and_office_reads_rates(cast, assessment):
    app = assessment.apps["East Unit"]
    office = _office(cast)
    issued = office.post(
        "/api/assessment/questionnaires/",
        {"application": app.pk, "kind": "public", "count": 2},
        format="json",
    )
    assert issued.status_code == 201
    token = issued.json()["tokens"][0]
    assert issued.json()["links"][0].endswith(f"/assessment/q/{token}/")
    public = APIClient()
    answer = {"token": token, "satisfied": True}
    assert public.post("/api/assessment/answers/", answer, format="json").status_code == 201
    assert public.post("/api/assessment/answers/", answer, format="json").status_code == 409
    [row] = office.get("/api/assessment/questionnaires/").json()["results"]
    assert row["rates"] == {"public_satisfaction": {"positive": 1, "respondents": 1}}


def test_office_recomputes_and_reads_the_ranking(
    cast, assessment, django_capture_on_commit_callbacks
):
    give(assessment.round, assessment.apps["West Unit"], {"1.1": ["2"]})
    office = _office(cast)
    campaign = assessment.setup.campaign.pk
    with django_capture_on_commit_callbacks(execute=True):
        queued = office.post(
            "/api/assessment/rankings/compute/", {"campaign": campaign}, format="json"
        )
    # Queued for the worker, which runs once the request commits.
    assert (queued.status_code, queued.json()["status"]) == (202, "pending")
    done = office.get(f"/api/assessment/rankings/runs/{queued.json()['run']}/")
    run = done.json()
    assert (done.status_code, run["status"]) == (200, "done")
    assert (run["ranked"], run["assessed"], run["version"]) == (1, 1, 1)
    rows = office.get(f"/api/assessment/rankings/?campaign={campaign}").json()["results"]
    assert rows[0]["name"] == "West Unit"
    assert rows[0]["total"] == "2.0000"


def test_assessors_and_other_offices_cannot_rank(cast, assessment):
    campaign = assessment.setup.campaign.pk
    for user in (cast.assessor, cast.county):
        client = APIClient()
        client.force_authenticate(user)
        response = client.post(
            "/api/assessment/rankings/compute/", {"campaign": campaign}, format="json"
        )
        assert response.status_code == 403
        assert client.get("/api/assessment/rankings/").json().get("results", []) == []


def test_a_run_is_polled_only_by_its_office(cast, assessment):
    give(assessment.round, assessment.apps["West Unit"], {"1.1": ["2"]})
    office = _office(cast)
    campaign = assessment.setup.campaign.pk
    run = office.post("/api/assessment/rankings/compute/", {"campaign": campaign}, format="json")
    url = f"/api/assessment/rankings/runs/{run.json()['run']}/"
    for user in (cast.assessor, cast.county):
        client = APIClient()
        client.force_authenticate(user)
        assert client.get(url).status_code == 403
    assert office.get("/api/assessment/rankings/runs/99999999999999999999/").status_code == 404
