"""In the browser: the city office records a quorate committee meeting, approves the
published list, names it and downloads a certificate; then anyone, without logging in,
checks the certificate's code on the public page."""

from playwright.sync_api import Browser, expect
from tests.campaigns.conftest import campaign  # noqa: F401 - the fixture, reused
from tests.committee.conftest import publish
from tests.conftest import PASSWORD
from tests.e2e.conftest import confirm_if_asked, log_in, shot
from tests.factories import reach_stage

from wenming.committee.models import Certificate
from wenming.registry.models import Title


def test_office_approves_names_and_the_public_verifies_the_certificate(
    transactional_db,
    world,
    cast,
    campaign,  # noqa: F811 - the fixture
    live_server,
    page,
    browser: Browser,
):
    for organization in (world.east_unit, world.west_unit):
        publish(campaign, cast.city, organization)
    reach_stage(campaign.campaign, "approval")
    base = live_server.url
    log_in(page, base, "city", PASSWORD)
    page.goto(f"{base}/committee/campaign/{campaign.campaign.pk}/")
    page.fill("input[name=held_on]", "2021-12-20")
    page.fill("input[name=place]", "City Hall")
    page.fill("textarea[name=names]", "Li Ming\nWang Fang")
    page.click("#new-meeting button.primary")
    expect(page.locator("ul.messages")).to_contain_text("已创建会议")

    # Two of three attend: exactly two thirds, so the meeting is valid.
    page.check("#attendance input[aria-label='committee']")
    page.check("#attendance input[aria-label='Li Ming']")
    page.fill("#attendance input[name^=opinion_][aria-label='Wang Fang']", "I agree.")
    page.click("#attendance button.primary")
    expect(page.locator("#quorum")).to_contain_text("应到 3 人，实到 2 人，须至少 2 人出席")
    expect(page.locator("#quorum")).to_contain_text("会议有效")
    page.fill("#vote-form input[name=votes_for]", "2")
    page.click("#vote-form button")
    page.fill("#minutes textarea", "The list was read; no objection.")
    page.click("#minutes button")
    confirm_if_asked(page, page.locator("#approve button.primary"))
    expect(page.locator("ul.messages")).to_contain_text("名单已审定，并已冻结")
    expect(page.locator("#list")).to_contain_text("审定通过")

    reach_stage(campaign.campaign, "naming")  # set-up: the office closed approval
    page.reload()
    page.fill("input[name=document_number]", "City Doc 2021-12")
    page.fill("input[name=named_on]", "2021-12-28")
    confirm_if_asked(page, page.locator("#name-form button.primary"))
    expect(page.locator("ul.messages")).to_contain_text("已命名")
    shot(page, "e2e-naming")
    assert Title.objects.filter(edition=20, document_number="City Doc 2021-12").count() == 2

    certificate = Certificate.objects.get(application__organization=world.east_unit)
    link = page.locator("#naming tr", has_text="East Unit").locator("a")
    download = page.request.get(base + link.get_attribute("href"))
    assert download.headers["content-type"] == "application/pdf"
    assert download.body()[:5] == b"%PDF-"

    public = browser.new_context(locale="zh-CN")
    try:
        anyone = public.new_page()
        anyone.goto(f"{base}/committee/verify/")
        anyone.fill("input[name=code]", certificate.code.lower())
        anyone.click("button.primary")
        expect(anyone.locator(".verdict")).to_contain_text("证书真实有效")
        expect(anyone.locator(".verdict")).to_contain_text("East Unit")
        expect(anyone.locator(".verdict")).to_contain_text("市级文明单位")
        shot(anyone, "e2e-certificate-check")
        anyone.goto(f"{base}/committee/verify/ABCD-EFGH-JKMN/")
        expect(anyone.locator(".verdict")).to_contain_text("查无此证书")
    finally:
        public.close()
