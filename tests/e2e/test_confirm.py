"""In the browser: an irreversible action asks first, in a dialog, and acts only on 确认."""

import pytest
from playwright.sync_api import expect
from tests.conftest import PASSWORD
from tests.e2e import confirm_urls
from tests.e2e.conftest import log_in, shot


@pytest.fixture
def confirm_page(settings, transactional_db, world, cast, live_server):
    settings.ROOT_URLCONF = "tests.e2e.confirm_urls"
    confirm_urls.SUBMITTED.clear()
    return f"{live_server.url}/confirm-test/"


def _open(page, live_server, url):
    log_in(page, live_server.url, "city", PASSWORD)
    page.goto(url)


def test_cancel_leaves_the_page_and_confirm_submits(confirm_page, live_server, page):
    _open(page, live_server, confirm_page)
    dialog = page.locator("dialog#confirm-dialog")

    page.click("#plain button")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("发布后不能撤回，确定发布吗？")
    shot(page, "e2e-confirm-dialog")
    dialog.locator("button", has_text="取消").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#count")).to_have_text("已提交 0 次")
    assert confirm_urls.SUBMITTED == []

    page.click("#plain button")
    dialog.locator("button", has_text="确认").click()
    expect(page.locator("#count")).to_have_text("已提交 1 次")
    assert confirm_urls.SUBMITTED == ["plain:button"]  # the button's own value was sent


def test_escape_cancels(confirm_page, live_server, page):
    _open(page, live_server, confirm_page)
    page.click("#plain button")
    expect(page.locator("dialog#confirm-dialog")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("dialog#confirm-dialog")).to_be_hidden()
    assert confirm_urls.SUBMITTED == []


def test_htmx_form_asks_then_posts(confirm_page, live_server, page):
    _open(page, live_server, confirm_page)
    dialog = page.locator("dialog#confirm-dialog")
    page.click("#boosted button")
    expect(dialog).to_contain_text("抽样只能进行一次，确定抽样吗？")
    dialog.locator("button", has_text="取消").click()
    assert confirm_urls.SUBMITTED == []

    page.click("#boosted button")
    dialog.locator("button", has_text="确认").click()
    expect(page.locator("#count")).to_have_text("已提交 1 次")
    assert confirm_urls.SUBMITTED == ["htmx:htmx"]
    expect(page.locator("#plain")).to_be_visible()  # swapped in place, no navigation


def test_dialog_fits_a_phone(confirm_page, live_server, phone):
    _open(phone, live_server, confirm_page)
    phone.click("#plain button")
    dialog = phone.locator("dialog#confirm-dialog")
    expect(dialog).to_be_visible()
    box = dialog.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390
    ok = dialog.locator("button", has_text="确认").bounding_box()
    assert ok["height"] >= 40  # a thumb can hit it
    shot(phone, "e2e-confirm-dialog-phone")
    dialog.locator("button", has_text="确认").click()
    expect(phone.locator("#count")).to_have_text("已提交 1 次")
