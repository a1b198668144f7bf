"""Publicity API: the public reads the list and objects with no login; the office decides."""

from django.utils import timezone
from tests.conftest import login

from wenming.publicity import services


def test_public_read_and_objection_then_office_decides(client, screened, cast):
    s = screened
    publicity = services.publicity_publish(
        acting_user=cast.city,
        campaign=s.setup.campaign,
        starts_on=timezone.localdate(),
        contact_phone="0737-1234567",
    )
    [row] = client.get("/api/publicities/").json()["results"]
    assert {e["organization"] for e in row["entries"]} == {"East Unit", "East Extra", "West Unit"}
    created = client.post(
        "/api/objections/",
        {
            "publicity": publicity.pk,
            "application": s.apps["West Unit"].pk,
            "reasons": "Fake volunteer records.",
            "contact": "13700000000",
        },
    )
    assert created.status_code == 201, created.content
    assert client.get("/api/objections/").status_code == 403

    login(client, cast.county)
    assert client.get("/api/objections/").json()["results"] == []
    login(client, cast.city)
    [listed] = client.get("/api/objections/").json()["results"]
    decided = client.post(
        f"/api/objections/{listed['id']}/decide/",
        {"upheld": True, "reply": "Confirmed."},
        content_type="application/json",
    )
    assert decided.json()["status"] == "upheld"
    assert decided.json()["promoted"] == s.apps["West Alt"].pk
