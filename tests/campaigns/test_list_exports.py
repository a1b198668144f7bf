"""The review page's applications and the quota dashboard as Excel: the rows the page
shows for the same unit and status, named in Chinese, refused to whoever may not see
the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.campaigns.test_review_pages import decide, received, recommend_url
from tests.conftest import login
from tests.core.test_list_exports import filename_of, sheet_rows
from tests.factories import reach_stage, with_role

from wenming.accounts.models import Role
from wenming.campaigns.models import Application

URL = "/exports/applications.xlsx"


def test_applications_export_has_the_units_rows_filtered_by_status(
    world, cast, campaign, client
) -> None:
    east = received(campaign, ["=East A", "East B"], region=world.east)
    received(campaign, ["West A"], region=world.west)
    login(client, cast.county)
    reach_stage(campaign.campaign, "recommendation")
    data = decide(east, f"region-{world.east.pk}", **{"East B": "recommended"})
    client.post(recommend_url(campaign), data)
    assert Application.objects.get(organization__name="East B").status == "recommended"
    page = client.get(reverse("campaigns:review", args=[campaign.campaign.pk])).content.decode()
    assert f"{URL}?campaign={campaign.campaign.pk}&amp;unit=region-{world.east.pk}" in page
    response = client.get(URL, {"campaign": campaign.campaign.pk})
    assert filename_of(response) == "第二十届市级文明单位、市级文明单位标兵申报名单.xlsx"
    rows = sheet_rows(response)
    assert rows[1][:3] == ["单位名称", "组织编码", "申报称号"]
    # The county's own two, never the west's; the formula-looking name stays text.
    assert sorted(r[0] for r in rows[2:]) == ["'=East A", "East B"]
    assert {r[3] for r in rows[2:]} == {"East County文明办"}
    narrowed = client.get(URL, {"campaign": campaign.campaign.pk, "status": "recommended"})
    assert [(r[0], r[4]) for r in sheet_rows(narrowed)[2:]] == [("East B", "已推荐")]


def test_a_user_of_two_units_exports_both_or_the_sections_one(
    world, cast, campaign, client
) -> None:
    received(campaign, ["East A"], region=world.east)
    received(campaign, ["School A", "School B"], region=world.west, body=world.education)
    received(campaign, ["West A"], region=world.west)
    login(client, with_role(cast.county, Role.BODY, body=world.education))
    rows = sheet_rows(client.get(URL, {"campaign": campaign.campaign.pk}))
    assert sorted(r[0] for r in rows[2:]) == ["East A", "School A", "School B"]
    body = client.get(URL, {"campaign": campaign.campaign.pk, "unit": f"body-{world.education.pk}"})
    assert [(r[0], r[3]) for r in sheet_rows(body)[2:]] == [
        ("School A", "Education Bureau"),
        ("School B", "Education Bureau"),
    ]


@pytest.mark.parametrize("who", ["applicant", "nobody"])
def test_applications_export_is_refused_like_the_review_page(
    world, cast, campaign, client, who
) -> None:
    login(client, getattr(cast, who))
    assert client.get(URL, {"campaign": campaign.campaign.pk}).status_code == 403
    assert client.get(URL, {"campaign": "x"}).status_code == 404


def test_quota_export_has_the_dashboards_numbers(world, cast, campaign, client) -> None:
    east = received(campaign, ["East A", "East B"], region=world.east)
    login(client, cast.county)
    reach_stage(campaign.campaign, "recommendation")
    data = decide(east, f"region-{world.east.pk}", **{"East A": "recommended"})
    client.post(recommend_url(campaign), data)
    login(client, cast.city)
    url = reverse("exports:export", args=["quotas"])
    page = client.get(reverse("campaigns:quotas", args=[campaign.campaign.pk])).content.decode()
    assert f"{url}?campaign={campaign.campaign.pk}" in page
    response = client.get(url, {"campaign": campaign.campaign.pk})
    assert filename_of(response) == "第二十届市级文明单位、市级文明单位标兵推荐名额.xlsx"
    rows = {r[0]: r[2:] for r in sheet_rows(response)[2:] if r[1] == "市级文明单位"}
    assert rows["East County文明办"][:3] == [2, 1, 0]
    assert rows["East County文明办"][4] == 2
    assert rows["West County文明办"][:2] == [2, 0]
    login(client, cast.county)
    assert client.get(url, {"campaign": campaign.campaign.pk}).status_code == 403


def test_recommendation_list_export_for_the_running_office(world, cast, campaign, client) -> None:
    east = received(campaign, ["East A", "East B", "East C"], region=world.east)
    reach_stage(campaign.campaign, "recommendation")
    login(client, cast.county)
    data = decide(
        east, f"region-{world.east.pk}", **{"East A": "recommended", "East B": "alternate"}
    )
    client.post(recommend_url(campaign), data)
    login(client, cast.city)
    url = "/exports/recommendations.xlsx"
    page = client.get(reverse("campaigns:quotas", args=[campaign.campaign.pk])).content.decode()
    assert f"{url}?campaign={campaign.campaign.pk}" in page
    response = client.get(url, {"campaign": campaign.campaign.pk})
    assert filename_of(response).endswith("推荐名单.xlsx")
    rows = sheet_rows(response)
    assert sorted((r[3], r[4]) for r in rows[2:]) == [("East A", "已推荐"), ("East B", "备选")]
    only = sheet_rows(client.get(url, {"campaign": campaign.campaign.pk, "status": "alternate"}))
    assert [r[3] for r in only[2:]] == ["East B"]
    login(client, cast.county)
    assert client.get(url, {"campaign": campaign.campaign.pk}).status_code == 403


def test_applications_export_runs_the_same_queries_for_2_and_12_rows(
    world, cast, campaign, client
) -> None:
    login(client, cast.county)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, {"campaign": campaign.campaign.pk})
            b"".join(response.streaming_content)
        return len(captured)

    received(campaign, ["A1", "A2"], region=world.east)
    few = queries()
    received(campaign, [f"B{n}" for n in range(10)], region=world.east)
    assert queries() == few
