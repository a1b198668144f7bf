"""The supervision API: reviews with their ranking, duty records, items and bulletins."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wenming.supervision.services import items as services_items


def test_review_ranking_endpoint_lists_every_class(client, cast, midyear) -> None:
    client.force_login(cast.city, backend="django.contrib.auth.backends.ModelBackend")
    rows = client.get(f"/api/reviews/{midyear.review.pk}/ranking/").json()
    assert [(r["rank"], r["organization"], r["review_class"]) for r in rows[:2]] == [
        (1, "Unit 01", "existing_national"),
        (2, "Unit 00", "existing_national"),
    ]
    assert len(rows) == 10


def test_duty_record_created_through_the_api_changes_the_total(client, cast, midyear) -> None:
    client.force_login(cast.city, backend="django.contrib.auth.backends.ModelBackend")
    entry = midyear.entries[0]
    response = client.post(
        "/api/duty-records/",
        {
            "review": midyear.review.pk,
            "organization": entry.organization.code,
            "on": "2018-07-25",
            "kind": "absent",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    entry.refresh_from_db()
    assert str(entry.total) == "87.5000"


def test_closing_an_item_without_a_result_is_refused(client, cast, world) -> None:
    item = services_items.item_open(
        acting_user=cast.city,
        office=world.city,
        title="Litter",
        source="hotline",
        organization=world.east_unit,
        item_class="small",
        deadline=date(2026, 7, 1),
    )
    client.force_login(cast.applicant, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        f"/api/supervision-items/{item.pk}/feedback/",
        {"text": "cleaned"},
        content_type="application/json",
    )
    assert response.json()["state"] == "feedback"
    client.force_login(cast.city, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        f"/api/supervision-items/{item.pk}/close/", {"text": ""}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "没有办理结果的督办事项不能办结。" in str(response.json())


def test_item_list_is_scoped_and_runs_constant_queries(client, cast, world) -> None:
    def add(n: int) -> None:
        for i in range(n):
            services_items.item_open(
                acting_user=cast.city,
                office=world.city,
                title=f"Item {i}",
                source="media",
                organization=world.west_unit,
                item_class="small",
                deadline=date(2026, 7, 1),
            )

    add(2)
    client.force_login(cast.city, backend="django.contrib.auth.backends.ModelBackend")
    with CaptureQueriesContext(connection) as before:
        assert client.get("/api/supervision-items/").json()["count"] == 2
    add(8)
    with CaptureQueriesContext(connection) as after:
        assert client.get("/api/supervision-items/").json()["count"] == 10
    assert len(after) == len(before)
    client.force_login(cast.applicant, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/api/supervision-items/").json()["count"] == 0


def test_bulletin_word_through_the_api(client, cast, midyear) -> None:
    bulletin = services_items.bulletin_issue(
        acting_user=cast.city,
        review=midyear.review,
        title="通报",
        issuing_office="Office",
        issued_on=date(2018, 8, 20),
    )
    client.force_login(cast.city, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(f"/api/bulletins/{bulletin.pk}/docx/")
    assert response.status_code == 200
    assert response.content[:2] == b"PK"
