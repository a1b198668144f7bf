"""The frameworks API: read for every role, import for office staff only."""

import pytest
from tests.conftest import login
from tests.frameworks.conftest import yiyang_document

from wenming.frameworks.models import Framework

READERS = ["admin", "city", "county", "body", "applicant", "assessor", "reviewer", "committee"]
WRITERS = {"admin", "city", "county"}


@pytest.mark.parametrize("role", [*READERS, "nobody"])
def test_reading_frameworks_needs_a_role(client, cast, loaded, role):
    login(client, getattr(cast, role))
    listing = client.get("/api/frameworks/")
    if role == "nobody":
        assert listing.status_code == 403
        return
    assert listing.status_code == 200
    rows = {row["code"]: row for row in listing.json()["results"]}
    assert rows["yiyang-unit-2021"]["maximum"] == "100.00"
    assert rows["yiyang-unit-2021"]["criterion_count"] == 44
    assert "document" not in rows["yiyang-unit-2021"]
    detail = client.get(f"/api/frameworks/{rows['yiyang-unit-2021']['id']}/").json()
    assert [i["points"] for i in detail["document"]["items"]][:3] == ["10", "6", "8"]


@pytest.mark.parametrize("role", [*READERS, "nobody"])
def test_only_office_staff_import_through_the_api(client, cast, db, role):
    login(client, getattr(cast, role))
    response = client.post(
        "/api/frameworks/", {"document": yiyang_document()}, content_type="application/json"
    )
    if role in WRITERS:
        assert response.status_code == 201
        assert response.json()["status"] == "draft"
        assert Framework.objects.count() == 1
    else:
        assert response.status_code == 403
        assert not Framework.objects.exists()


def test_api_import_of_a_wrong_total_says_which_item(client, cast, db):
    document = yiyang_document()
    document["items"][10]["points"] = "13"
    login(client, cast.city)
    response = client.post(
        "/api/frameworks/", {"document": document}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "document": ["测评项目“工作实绩和内部管理”的分值为 13 分，但其测评标准合计 12 分。"]
    }


def test_openapi_schema_still_generates(client, cast, db):
    login(client, cast.city)
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/frameworks/" in response.content
