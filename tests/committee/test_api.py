"""The committee API: office writes, committee members read, others refused; the
certificate check is public."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient
from tests.committee.conftest import close_approval, meeting_of, publish
from tests.committee.test_naming import approve_and_name
from tests.factories import OrganizationFactory

from wenming.committee.models import Certificate

BASE = "/api/committee"


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_the_office_runs_a_meeting_to_naming_through_the_api(world, cast, campaign, listed):
    api = client_for(cast.city)
    made = api.post(
        f"{BASE}/meetings/",
        {"campaign": campaign.campaign.pk, "held_on": "2021-12-20", "names": ["Li", "Wang"]},
        format="json",
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    members = [m["id"] for m in made.json()["members"]]
    assert len(members) == 3
    url = f"{BASE}/meetings/{pk}"
    one = api.post(f"{url}/attendance/", {"present": members[:1]}, format="json")
    assert one.status_code == 200
    api.post(f"{url}/minutes/", {"minutes": "Discussed."}, format="json")
    refused = api.post(f"{url}/approve/", {}, format="json")
    assert refused.status_code == 400
    assert "未达到法定人数" in refused.json()["detail"]
    api.post(f"{url}/attendance/", {"present": members[:2]}, format="json")
    api.post(
        f"{url}/votes/",
        {"application": None, "votes_for": 2, "votes_against": 0, "abstentions": 0},
        format="json",
    )
    approved = api.post(f"{url}/approve/", {}, format="json")
    assert [e["outcome"] for e in approved.json()["entries"]] == ["approved", "approved"]
    close_approval(campaign, cast.city)
    named = api.post(
        f"{url}/name/",
        {"document_number": "Doc 12", "named_on": "2021-12-28", "naming_body": "Committee"},
        format="json",
    )
    assert named.status_code == 201, named.content
    certificates = api.get(f"{BASE}/certificates/").json()["results"]
    assert sorted(c["organization"] for c in certificates) == ["East Unit", "West Unit"]


@pytest.mark.parametrize(
    ("who", "reads", "writes"),
    [
        ("city", 200, 201),
        ("admin", 200, 201),
        ("committee", 200, 403),
        ("county", 200, 403),
        ("applicant", 200, 403),
        ("nobody", 200, 403),
    ],
)
def test_permission_matrix(cast, campaign, listed, who, reads, writes):
    meeting_of(campaign, cast, members=3, attending=2)
    api = client_for(getattr(cast, who))
    listing = api.get(f"{BASE}/meetings/")
    assert listing.status_code == reads
    sees = listing.json()["count"]
    assert sees == (1 if who in {"city", "admin", "committee"} else 0)
    made = api.post(
        f"{BASE}/meetings/",
        {"campaign": campaign.campaign.pk, "held_on": "2021-12-21"},
        format="json",
    )
    assert made.status_code == writes


def test_anonymous_cannot_read_meetings(campaign, listed):
    assert client_for(None).get(f"{BASE}/meetings/").status_code in (401, 403)


def test_meeting_list_runs_a_constant_number_of_queries(world, cast, campaign, listed):
    api = client_for(cast.city)
    meeting_of(campaign, cast, members=3, attending=2)
    with CaptureQueriesContext(connection) as small:
        api.get(f"{BASE}/meetings/")
    for n in range(4):
        publish(campaign, cast.city, OrganizationFactory(region=world.east, name=f"Extra {n}"))
        meeting_of(campaign, cast, members=9, attending=6)
    with CaptureQueriesContext(connection) as large:
        assert api.get(f"{BASE}/meetings/").json()["count"] == 5
    assert len(large) == len(small)


def test_certificate_check_is_public(cast, campaign, listed):
    approve_and_name(campaign, cast)
    code = Certificate.objects.order_by("id").first().code
    public = client_for(None)
    genuine = public.get(f"{BASE}/certificates/verify/{code.lower()}/")
    assert genuine.status_code == 200
    body = genuine.json()
    assert (body["genuine"], body["certificate"]["organization"]) == (True, "East Unit")
    assert body["certificate"]["title_label"] == "市级文明单位"
    unknown = public.get(f"{BASE}/certificates/verify/ABCD-EFGH-JKMN/")
    assert (unknown.status_code, unknown.json()["genuine"]) == (404, False)
