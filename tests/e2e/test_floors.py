"""In the browser: the city office raises the campaign's floor for units to 25% on the
campaign page; on a province on-site round's sampling page a ratio of 20% is then refused
naming the floor, and 25% is saved. On a phone the floors form fits the screen."""

from playwright.sync_api import Page, expect
from tests.assessment.conftest import assessment, campaign  # noqa: F401 - fixtures
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot

from wenming.assessment import services


def test_office_sets_a_floor_and_a_lower_ratio_is_refused(
    transactional_db,
    cast,
    assessment,  # noqa: F811 - the fixture
    live_server,
    page: Page,
    phone: Page,
):
    campaign_ = assessment.setup.campaign
    round_ = services.round_create(  # set-up: the province's on-site round, not yet sampled
        acting_user=cast.city, campaign=campaign_, kind="provincial_onsite", name="省级实地抽查"
    )
    base = live_server.url
    log_in(page, base, "city", PASSWORD)
    page.goto(f"{base}/campaigns/{campaign_.pk}/")
    page.locator("summary", has_text="抽查比例下限").click()
    expect(page.locator("input[name=unit]")).to_have_value("20.0")
    page.fill("input[name=unit]", "25")
    shot(page, "campaign-floors")
    page.locator("button", has_text="保存下限").click()
    expect(page.locator("ul.messages")).to_contain_text("抽查比例下限已保存。")

    page.goto(f"{base}/assessment/rounds/{round_.pk}/sample/")
    page.select_option("select[name=stratum_kind]", "award")
    page.fill("input[name=default_ratio]", "0.2")
    page.locator("button", has_text="保存比例").click()
    expect(page.locator("ul.messages")).to_contain_text(
        "文明单位的抽查比例须不低于25%（本轮为20%）"
    )
    expect(page.locator("main")).to_contain_text(
        "本轮各类别的抽查比例下限：文明村镇30%、文明社区30%、文明单位25%"
    )
    shot(page, "round-sample-floor-refused")
    page.fill("input[name=default_ratio]", "0.25")
    page.locator("button", has_text="保存比例").click()
    expect(page.locator("ul.messages")).not_to_contain_text("不低于")

    log_in(phone, base, "city", PASSWORD)
    phone.goto(f"{base}/campaigns/{campaign_.pk}/")
    phone.locator("summary", has_text="抽查比例下限").click()
    expect(phone.locator("input[name=unit]")).to_have_value("25.0")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    shot(phone, "campaign-floors-phone")
