"""The pages: the public form and its guards, the tracking page, the office's map."""

import time

from django.core import signing
from django.urls import reverse
from tests.conftest import login
from tests.reports.conftest import file_report, jpeg

from wenming.reports.models import Report


def started() -> str:
    return signing.dumps(time.time() - 10, salt="publicity.objection.started")


def test_a_citizen_files_a_report_and_gets_a_code(client, world, point):
    url = reverse("reports:new", args=[world.east.code])
    assert "东门菜市场" in client.get(url).content.decode()
    response = client.post(url, {"photo": jpeg(), "point": point.pk, "category": "sanitation",
                                 "description": "垃圾成堆", "started": started()})  # fmt: skip
    report = Report.objects.get()
    assert report.tracking_code in response.content.decode()
    page = client.get(reverse("reports:track"), {"code": report.tracking_code})
    assert "已受理" in page.content.decode()


def test_the_honeypot_saves_nothing(client, world, point):
    url = reverse("reports:new", args=[world.east.code])
    data = {"photo": jpeg(), "point": point.pk, "category": "sanitation", "description": "x"}
    response = client.post(url, data | {"started": started(), "website": "spam"})
    assert response.status_code == 400
    assert Report.objects.count() == 0


def test_an_unknown_code_is_told(client, db):
    response = client.get(reverse("reports:track"), {"code": "0000-0000-0000"})
    assert response.status_code == 404
    assert "没有找到这个查询码" in response.content.decode()


def test_the_office_map_shows_points_and_groups(client, world, cast, point):
    file_report(world, point)
    file_report(world, point)
    login(client, cast.county)
    text = client.get(reverse("reports:index")).content.decode()
    assert "<svg" in text
    assert "东门菜市场" in text
    assert '<td class="num">2</td>' in text
