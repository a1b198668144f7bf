"""In the browser: the office opens a supervision item from a hotline complaint, the
responsible unit's contact answers it, and the office closes it, but only with a result."""

from playwright.sync_api import Browser, expect
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot

from wenming.supervision.models import SupervisionItem


def test_a_hotline_item_is_answered_and_closed_only_with_a_result(
    transactional_db, world, cast, live_server, page, browser: Browser
):
    base = live_server.url
    log_in(page, base, "city", PASSWORD)
    page.click("nav.mainnav >> text=动态管理")
    page.click("text=督办立项")
    page.fill("input[name=title]", "Streetlights out on Station Road")
    page.fill("textarea[name=description]", "Residents reported four dark streetlights.")
    page.select_option("select[name=source]", "hotline")
    page.fill("input[name=source_reference]", "12345-0601")
    page.select_option("select[name=organization]", label="East Unit")
    page.select_option("select[name=item_class]", "small")
    page.fill("input[name=deadline]", "2026-12-31")
    page.click("button.primary")
    expect(page.locator("h1")).to_contain_text("Streetlights out on Station Road")
    item = SupervisionItem.objects.get()
    assert (item.source, item.organization, item.state) == ("hotline", world.east_unit, "opened")
    item_url = page.url

    contact = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860})
    try:
        applicant = contact.new_page()
        log_in(applicant, base, "applicant", PASSWORD)
        applicant.goto(f"{base}/supervision/")
        applicant.click("text=Streetlights out on Station Road")
        applicant.fill("textarea[name=feedback]", "All four lamps replaced on 20 November.")
        applicant.click("text=提交反馈")
        expect(applicant.locator("ul.messages")).to_contain_text("已提交整改反馈")
        expect(applicant.locator("dl.facts")).to_contain_text("All four lamps replaced")
    finally:
        contact.close()

    page.goto(item_url)
    expect(page.locator("dl.facts")).to_contain_text("反馈")
    page.click("form:has(input[value=close]) button.primary")
    expect(page.locator("ul.messages")).to_contain_text("没有办理结果的督办事项不能办结。")
    item.refresh_from_db()
    assert item.state == "feedback"

    page.fill("textarea[name=result]", "Checked on site: the road is lit again.")
    page.click("form:has(input[value=close]) button.primary")
    expect(page.locator("ul.messages")).to_contain_text("已办结")
    expect(page.locator("dl.facts")).to_contain_text("Checked on site: the road is lit again.")
    expect(page.locator("dl.facts")).to_contain_text("办结")
    item.refresh_from_db()
    assert (item.state, item.result) == ("closed", "Checked on site: the road is lit again.")
    shot(page, "e2e-supervision-item")
