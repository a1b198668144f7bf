"""In the browser: an office opens 发文设置 from the menu, sees the number its 机关代字 gives
as it types, saves, and reads the confirmation."""

from django.utils import timezone
from playwright.sync_api import expect
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot


def test_office_sets_its_letterhead(transactional_db, world, cast, live_server, page):
    log_in(page, live_server.url, "city", PASSWORD)
    page.click("nav.mainnav >> text=发文设置")
    expect(page.locator("h1")).to_have_text("发文设置：City")
    example = page.locator("#example-number")
    expect(example).to_contain_text("尚未设置机关代字")
    page.fill("#id_number_code", "市文明办")
    year = timezone.localdate().year
    expect(example).to_have_text(f"下一份公文的发文字号：市文明办〔{year}〕1号")
    page.fill("#id_copies_to", "市委宣传部\n市直各单位")
    page.click("button:has-text('保存')")
    expect(page.locator(".messages")).to_contain_text("发文设置已保存")
    expect(example).to_have_text(f"下一份公文的发文字号：市文明办〔{year}〕1号")
    shot(page, "letterhead-settings")
