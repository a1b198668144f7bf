"""In the browser: the office clerk finds 使用说明 in the phone menu, sees their own role
first and reads its steps; the assignment board opens with its numbered set-up steps."""

from playwright.sync_api import expect
from tests.assessment.conftest import assessment, campaign  # noqa: F401 - fixtures
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot


def test_the_clerk_reads_the_help_from_the_phone_menu(transactional_db, cast, live_server, phone):
    base = live_server.url
    log_in(phone, base, "city", PASSWORD)
    phone.click("button.menu-toggle")
    phone.click("nav.mainnav >> text=使用说明")
    expect(phone.locator("h1")).to_have_text("使用说明")
    own = phone.locator("section.card").first
    expect(own.locator("h2")).to_have_text("您的角色")
    expect(own).to_contain_text("文明办工作人员")
    own.locator("text=文明办工作人员").click()
    expect(phone.locator("h1")).to_contain_text("文明办工作人员使用说明")
    expect(phone.locator("ol.help-steps").first).to_contain_text("① 新建考核组")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(phone, "help-office-phone")


def test_the_board_opens_with_its_numbered_steps(
    transactional_db,
    cast,
    live_server,
    page,
    assessment,  # noqa: F811 - the fixture imported above
):
    log_in(page, live_server.url, "city", PASSWORD)
    page.goto(f"{live_server.url}/assessment/rounds/{assessment.round.pk}/")
    steps = page.locator("details.help[open] ol.setup-steps li")
    expect(steps).to_have_count(4)
    expect(steps.nth(0)).to_contain_text("第1步 考核组")
    expect(steps.nth(0)).to_contain_text("已完成")
    expect(steps.nth(3)).to_contain_text("第4步 分配")
    expect(steps.nth(3)).to_contain_text("待办理")
    shot(page, "help-board-steps", "details.help")
    page.click("button:has-text('自动分配')")
    expect(page.locator("details.help summary")).to_contain_text("已全部完成")
