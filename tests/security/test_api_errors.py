"""The OpenAPI document says what the API does: nulls, refusals, pages, one error format."""

import pytest
from drf_spectacular.generators import SchemaGenerator
from tests.campaigns.conftest import campaign  # noqa: F401 - the fixture, reused
from tests.conftest import login
from tests.security.test_passwords import STRONG, age_password

from wenming.accounts.models import User
from wenming.registry.models import Region

ERROR = {"$ref": "#/components/schemas/Error"}


@pytest.fixture(scope="module")
def document() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(document: dict):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


def test_a_region_without_parent_is_null_and_documented_nullable(client, cast, world, document):
    assert document["components"]["schemas"]["Region"]["properties"]["parent"]["nullable"]
    login(client, cast.admin)
    rows = client.get("/api/regions/").json()["results"]
    assert {r["code"]: r["parent"] for r in rows}[world.province.code] is None
    assert Region.objects.get(code=world.province.code).parent is None


def test_every_operation_documents_its_refusals_in_the_error_format(document):
    error = document["components"]["schemas"]["Error"]
    assert error["required"] == ["detail", "errors"]
    for name, operation in operations(document):
        responses = operation["responses"]
        assert "403" in responses, name
        places = {p["in"] for p in operation.get("parameters", [])}
        if "path" in places:
            assert "404" in responses, name
        if "requestBody" in operation or "query" in places:
            assert responses["400"]["content"]["application/json"]["schema"] == ERROR, name


def test_paging_parameters_are_bounded_in_the_document(document):
    parameters = {p["name"]: p for p in document["paths"]["/api/regions/"]["get"]["parameters"]}
    assert parameters["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 200}
    assert parameters["offset"]["schema"]["minimum"] == 0


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=abc", "limit"),
        ("limit=-1", "limit"),
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("offset=-5", "offset"),
        ("offset=1.5", "offset"),
        ("campaign=x", "campaign"),
        ("campaign=99999999999999999999999", "campaign"),
    ],
)
def test_invalid_paging_and_filters_are_a_400_in_chinese(client, cast, query, field):
    login(client, cast.city)
    response = client.get(f"/api/applications/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert list(body["errors"]) == [field]
    assert body["errors"][field][0].startswith(field + " 应为")


def test_valid_paging_still_pages(client, cast, world):
    login(client, cast.admin)
    page = client.get("/api/regions/?limit=2&offset=1").json()
    assert page["count"] == 6
    assert len(page["results"]) == 2


def test_refusals_share_one_shape(client, cast):
    login(client, cast.applicant)
    forbidden = client.get("/api/assessment/assignments/")
    assert forbidden.status_code == 403
    assert set(forbidden.json()) == {"detail", "errors"}
    assert forbidden.json()["errors"] == {}
    login(client, cast.city)
    missing = client.get("/api/regions/999999/")
    assert missing.status_code == 404
    assert missing.json()["errors"] == {}
    nowhere = client.get("/api/regions/not-a-number./")  # no route: still JSON, not HTML
    assert nowhere.status_code == 404
    assert nowhere["Content-Type"] == "application/json"
    assert set(nowhere.json()) == {"detail", "errors"}
    invalid = client.post("/api/organizations/", {}, content_type="application/json")
    assert invalid.status_code == 400
    assert invalid.json()["detail"] == "提交的内容有误，请按各项的提示修改后再提交。"
    assert "name" in invalid.json()["errors"]


def test_a_business_rule_refusal_is_the_detail(client, cast, world, campaign):  # noqa: F811
    login(client, cast.city)
    change = {"award": campaign.unit.pk, "region": world.west.pk, "places": 1, "reason": " "}
    refused = client.post("/api/quotas/", change | {"kind": "penalty"})
    assert refused.status_code == 400
    assert refused.json() == {"detail": "调整名额必须说明原因。", "errors": {}}


def test_the_answer_documents_its_conflict_and_its_limit(document):
    responses = document["paths"]["/api/assessment/answers/"]["post"]["responses"]
    for code in ("409", "429"):
        assert responses[code]["content"]["application/json"]["schema"] == ERROR
    assert "已经提交过答卷" in responses["409"]["description"]
    saved = responses["201"]["content"]["application/json"]["schema"]["$ref"]
    assert document["components"]["schemas"][saved.rsplit("/", 1)[1]]["properties"] == {
        "saved": {"type": "boolean"}
    }


@pytest.mark.django_db
def test_an_expired_password_closes_the_api_in_the_error_format(client, settings):
    settings.PASSWORD_EXPIRY_DAYS = 180
    user = User.objects.create_user("qian", password=STRONG)
    age_password(user, 181)
    login(client, user)
    refused = client.get("/api/regions/")
    assert refused.status_code == 403
    assert refused.json() == {
        "detail": "您的密码已超过有效期，请先修改密码再继续使用。",
        "errors": {},
    }
