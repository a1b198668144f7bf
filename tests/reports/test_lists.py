"""The office's list and map, a page at a time and in a constant number of queries; the API
lists likewise; the public report and lookup through the API; the public form's limit."""

import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from tests.conftest import login
from tests.reports.conftest import file_report, jpeg

from wenming.reports import services
from wenming.reports.models import Report, ReportGroup

PUBLIC = "/api/public-reports/"
CATEGORIES = ["sanitation", "vending", "parking", "facilities", "advertising", "traffic"]


def started() -> str:
    return signing.dumps(time.time() - 10, salt="publicity.objection.started")


def add_groups(world, point, n: int, start: int = 0) -> None:
    """``n`` groups, written directly (set-up): at the point by category, then placed by
    position alone, one report each."""
    today = timezone.localdate()
    for i in range(start, start + n):
        at_point = i < len(CATEGORIES)
        group = ReportGroup.objects.create(
            office=world.east,
            point=point if at_point else None,
            category=CATEGORIES[i % len(CATEGORIES)],
            opened_on=today - timedelta(days=i),
        )
        Report.objects.create(
            office=world.east,
            group=group,
            source="citizen",
            tracking_code=f"T{i:03d}-0000-0000",
            category=group.category,
            description=f"第{i}件",
            point=group.point,
            lng=None if at_point else Decimal("116.65") + Decimal(i) / 1000,
            lat=None if at_point else Decimal("39.90"),
        )


def route_first(cast, world) -> None:
    services.group_route(
        acting_user=cast.county,
        group=ReportGroup.objects.order_by("id").first(),
        item_class="small",
        deadline=timezone.localdate() + timedelta(days=7),
        organization=world.east_unit,
    )


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_office_list_is_paged_and_nothing_is_hidden(client, world, cast, point):
    add_groups(world, point, 55)
    login(client, cast.county)
    first = client.get(reverse("reports:index")).content.decode()
    assert "共 55 个问题" in first
    assert "第 1 / 2 页" in first
    assert first.count("<tr><td><a") == 50
    second = client.get(reverse("reports:index"), {"page": 2, "category": ""}).content.decode()
    assert second.count("<tr><td><a") == 5
    assert "第54件" not in second  # the table shows places, not descriptions
    assert "上一页" in second


def test_a_filter_is_kept_from_page_to_page(client, world, cast, point):
    add_groups(world, point, 60)
    login(client, cast.county)
    text = client.get(reverse("reports:index"), {"category": "other"}).content.decode()
    assert "共 0 个问题" in text
    text = client.get(reverse("reports:index"), {"status": "received"}).content.decode()
    assert "status=received&amp;page=2" in text


def test_the_office_page_queries_do_not_grow_with_the_groups(client, world, cast, point):
    add_groups(world, point, 8)
    route_first(cast, world)
    login(client, cast.county)
    url = reverse("reports:index")
    few = queries(client, url)
    add_groups(world, point, 40, start=8)
    assert queries(client, url) == few


@pytest.mark.parametrize("endpoint", ["report-groups", "reports", "inspection-points"])
def test_the_api_lists_queries_do_not_grow(client, world, cast, point, endpoint):
    add_groups(world, point, 8)
    route_first(cast, world)
    login(client, cast.county)
    url = f"/api/{endpoint}/"
    few = queries(client, url)
    add_groups(world, point, 30, start=8)
    for i in range(5):
        services.point_save(acting_user=cast.county, office=world.east, name=f"点位{i}",
                            kind="crossing", lng=Decimal("116.6"), lat=Decimal("39.9"),
                            organization=world.east_unit)  # fmt: skip
    assert queries(client, url) == few


def test_the_public_form_refuses_an_eleventh_report_in_an_hour(client, world, point):
    url = reverse("reports:new", args=[world.east.code])

    def post(**extra):
        data = {"photo": jpeg(), "point": point.pk, "category": "sanitation",
                "description": "垃圾成堆", "started": started()}  # fmt: skip
        return client.post(url, data, **extra)

    codes = [post().status_code for _ in range(11)]
    assert codes == [200] * 10 + [429]
    refused = post()
    assert "提交次数过多，请一小时后再试，或拨打12345市民热线。" in refused.content.decode()
    assert Report.objects.count() == 10
    assert post(REMOTE_ADDR="10.0.0.9").status_code == 200


def test_the_public_api_files_a_report_and_reads_it_back(client, world, cast, point):
    data = {"office": world.east.code, "photo": jpeg(), "category": "parking",
            "description": "人行道上停满了车", "point": point.pk}  # fmt: skip
    response = client.post(PUBLIC, data)
    assert response.status_code == 201, response.content
    code = response.json()["tracking_code"]
    assert response.json()["status"] == "received"
    lookup = f"{PUBLIC}{code.lower().replace('-', '')}/"
    assert client.get(lookup).json() == {
        "tracking_code": code,
        "status": "received",
        "category": "parking",
        "answer": "",
        "result": "",
    }
    report = Report.objects.get(tracking_code=code)
    assert report.point == point
    assert not report.contact


def test_the_public_api_answer_follows_the_item(client, world, cast, point):
    from wenming.supervision.services.items import item_feedback  # noqa: PLC0415

    report = file_report(world, point)
    route_first(cast, world)
    report.refresh_from_db()
    item_feedback(acting_user=cast.applicant, item=report.group.item, feedback="已清理。")
    answer = client.get(f"{PUBLIC}{report.tracking_code}/").json()
    assert (answer["status"], answer["answer"]) == ("answered", "已清理。")


def test_the_public_api_refuses_without_a_photo_or_a_place(client, world):
    url = PUBLIC
    data = {"office": world.east.code, "category": "parking", "description": "x"}
    no_photo = client.post(url, data)
    assert no_photo.status_code == 400
    assert no_photo.json()["errors"]["photo"] == ["没有提交任何文件。"]
    nowhere = client.post(url, data | {"photo": jpeg()})
    assert nowhere.status_code == 400
    assert "请选择点位" in nowhere.content.decode()
    assert Report.objects.count() == 0


def test_the_public_api_is_rate_limited(client, world, point):
    url = PUBLIC
    codes = []
    for _ in range(11):
        data = {"office": world.east.code, "photo": jpeg(), "category": "parking",
                "description": "乱停车", "point": point.pk}  # fmt: skip
        codes.append(client.post(url, data).status_code)
    assert codes == [201] * 10 + [429]


def test_an_unknown_code_through_the_api_is_not_found(client, db):
    response = client.get(f"{PUBLIC}0000-0000-0000/")
    assert response.status_code == 404


def test_the_office_api_is_scoped(client, world, cast, point):
    file_report(world, point)
    services.report_file(acting_user=AnonymousUser(), office=world.west, category="parking",
                         description="西边", photo=services.photo_check(jpeg()),
                         lng=Decimal("116.5"), lat=Decimal("39.8"))  # fmt: skip
    login(client, cast.county)
    rows = client.get("/api/reports/").json()
    rows = rows.get("results", rows)
    assert [r["description"] for r in rows] == ["垃圾堆放在路边"]
    client.logout()
    assert client.get("/api/reports/").status_code in (401, 403)
