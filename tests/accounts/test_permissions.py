"""The permission matrix: each role sees and changes only what its scope allows,
on pages and API endpoints alike."""

import pytest
from django.urls import reverse
from tests.conftest import login

from wenming.registry.services import organization_update

# Which of the world's organizations each role sees.
SEES = {
    "admin": {"East Unit", "West Unit", "East Village", "Direct Unit", "West School"},
    "city": {"East Unit", "West Unit", "East Village", "Direct Unit", "West School"},
    "county": {"East Unit", "East Village"},
    "body": {"West School"},
    "applicant": {"East Unit"},
    "assessor": set(),
    "reviewer": set(),
    "committee": {"East Unit", "West Unit", "East Village", "Direct Unit", "West School"},
    "nobody": set(),
}
# Which of them each role may change.
CHANGES = {
    "admin": SEES["admin"],
    "city": SEES["city"],
    "county": {"East Unit", "East Village"},
}
ORGS = ["east_unit", "west_unit", "village", "direct_unit", "school"]


@pytest.mark.parametrize("role", SEES)
def test_organization_list_page_shows_only_scope(world, cast, client, role):
    login(client, getattr(cast, role))
    response = client.get(reverse("registry:organizations"))
    if role == "nobody":
        assert response.status_code == 403
        return
    text = response.content.decode()
    shown = {getattr(world, o).name for o in ORGS if f">{getattr(world, o).name}</a>" in text}
    assert shown == SEES[role]


@pytest.mark.parametrize("role", SEES)
def test_organization_api_lists_only_scope(world, cast, client, role):
    login(client, getattr(cast, role))
    response = client.get("/api/organizations/?limit=100")
    assert response.status_code == 200
    assert {o["name"] for o in response.json()["results"]} == SEES[role]


@pytest.mark.parametrize("role", SEES)
def test_organization_detail_page_matches_scope(world, cast, client, role):
    login(client, getattr(cast, role))
    for attr in ORGS:
        org = getattr(world, attr)
        response = client.get(reverse("registry:organization", args=[org.pk]))
        assert response.status_code == (200 if org.name in SEES[role] else 404), org.name


@pytest.mark.parametrize("role", SEES)
def test_edit_page_and_api_write_match_scope(world, cast, client, role):
    login(client, getattr(cast, role))
    may_change = CHANGES.get(role, set())
    for attr in ORGS:
        org = getattr(world, attr)
        page = client.get(reverse("registry:organization_edit", args=[org.pk]))
        api = client.patch(
            f"/api/organizations/{org.pk}/",
            {"contact_name": f"by {role}"},
            content_type="application/json",
        )
        org.refresh_from_db()
        if org.name in may_change:
            assert (page.status_code, api.status_code) == (200, 200), org.name
            assert org.contact_name == f"by {role}"
        else:
            assert page.status_code in {403, 404}, org.name
            assert api.status_code in {403, 404}, org.name
            assert org.contact_name != f"by {role}"


def test_county_office_cannot_register_in_another_county(world, cast, client):
    login(client, cast.county)
    response = client.post(
        "/api/organizations/",
        {"code": "NEW1", "name": "New", "kind": "unit", "region": world.west.code},
        content_type="application/json",
    )
    assert response.status_code == 403
    response = client.post(
        "/api/organizations/",
        {"code": "NEW1", "name": "New", "kind": "unit", "region": world.east.code},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["region"] == world.east.code


def test_import_page_is_for_office_staff_only(world, cast, client):
    for role, expected in [("county", 200), ("city", 200), ("applicant", 403), ("body", 403)]:
        login(client, getattr(cast, role))
        assert client.get(reverse("registry:import")).status_code == expected, role


def test_audit_history_is_shown_to_office_staff_only(world, cast, client):
    organization_update(acting_user=cast.county, organization=world.east_unit, name="East Unit 2")
    url = reverse("registry:organization", args=[world.east_unit.pk])
    login(client, cast.county)
    page = client.get(url).content.decode()
    assert "organization.update" in page
    # The change is shown by its field's label, with the value before and after.
    assert "<tr><td>名称</td><td>East Unit</td><td>East Unit 2</td></tr>" in page
    login(client, cast.applicant)
    page = client.get(url).content.decode()
    assert "East Unit 2" in page
    assert "organization.update" not in page


def test_anonymous_is_sent_to_login_and_api_refuses(world, client):
    response = client.get(reverse("registry:organizations"))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert client.get("/api/organizations/").status_code == 403
