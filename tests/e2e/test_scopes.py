"""In the browser: a county office sees only its county, an applicant only itself."""

import json

from playwright.sync_api import expect
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot


def listed_names(page) -> set[str]:
    return set(page.locator("table.data tbody td:first-child a").all_inner_texts())


def test_county_office_sees_only_its_county(transactional_db, world, cast, live_server, page):
    log_in(page, live_server.url, "county", PASSWORD)
    page.click("nav.mainnav >> text=组织名录")
    assert listed_names(page) == {"East Unit", "East Village"}
    shot(page, "e2e-county-organizations")

    page.goto(f"{live_server.url}/api/organizations/?format=json")
    names = {o["name"] for o in json.loads(page.inner_text("body"))["results"]}
    assert names == {"East Unit", "East Village"}

    response = page.goto(f"{live_server.url}/organizations/{world.west_unit.pk}/")
    assert response.status == 404


def test_applicant_sees_only_its_own_organization(transactional_db, world, cast, live_server, page):
    log_in(page, live_server.url, "applicant", PASSWORD)
    assert "批量导入" not in page.inner_text("nav.mainnav")
    page.click("nav.mainnav >> text=组织名录")
    assert listed_names(page) == {"East Unit"}
    page.click("text=East Unit")
    assert page.inner_text("h1") == "East Unit"
    assert "操作记录" not in page.content()  # audit history is for office staff

    page.goto(f"{live_server.url}/api/organizations/?format=json")
    names = {o["name"] for o in json.loads(page.inner_text("body"))["results"]}
    assert names == {"East Unit"}


def test_filtering_the_list_updates_it_in_place(transactional_db, world, cast, live_server, page):
    log_in(page, live_server.url, "city", PASSWORD)
    page.goto(f"{live_server.url}/organizations/")
    assert len(listed_names(page)) == 5
    page.select_option("select[name=kind]", "village")
    expect(page.locator("table.data tbody tr")).to_have_count(1)
    assert listed_names(page) == {"East Village"}
    assert "kind=village" in page.url
