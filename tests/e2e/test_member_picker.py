"""In the browser: the city office adds a group member by typing part of a name in
添加成员, picking the match (shown by name and body, never by login name), saving, and
then sees the member in the group's column, with the board's message."""

from playwright.sync_api import expect
from tests.assessment.conftest import assessment, campaign  # noqa: F401 - fixtures
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot
from tests.factories import UserFactory, with_role

from wenming.accounts.models import Role


def test_office_adds_a_group_member_by_part_of_the_name(
    transactional_db,
    cast,
    world,
    assessment,  # noqa: F811 - the fixture
    live_server,
    page,
):
    picked = with_role(UserFactory(username="qsl2026", display_name="钱树林"), Role.ASSESSOR)
    with_role(picked, Role.BODY, body=world.education)
    with_role(UserFactory(username="qsm", display_name="钱水明"), Role.ASSESSOR)
    base = live_server.url
    log_in(page, base, "city", PASSWORD)
    page.goto(f"{base}/assessment/rounds/{assessment.round.pk}/")
    form = page.locator("form[action$='/members/']")
    form.locator("select[name=group]").select_option(label="East group")
    form.locator("input[type=search]").fill("钱")
    matches = form.locator("button.person-match")
    expect(matches).to_have_count(2)
    form.locator("input[type=search]").fill("树林")
    expect(matches).to_have_count(1)
    expect(matches).to_contain_text("Education Bureau")
    expect(form).not_to_contain_text("qsl2026")
    matches.focus()
    page.keyboard.press("Enter")  # a match is a button: the keyboard picks it too
    expect(form.locator(".picked")).to_contain_text("钱树林")
    expect(form.get_by_role("button", name="重新选择（已选 钱树林）")).to_be_focused()
    shot(page, "e2e-member-picker", "form[action$='/members/']")
    form.get_by_role("button", name="添加", exact=True).click()
    expect(page.locator("ul.messages")).to_contain_text("已将钱树林加入East group。")
    column = page.locator("section.board-col[aria-label='East group']")
    expect(column.locator("ul.members")).to_contain_text("钱树林")


def test_a_slow_step_shows_progress_and_then_its_message(
    transactional_db,
    cast,
    assessment,  # noqa: F811 - the fixture
    live_server,
    page,
):
    base = live_server.url
    log_in(page, base, "city", PASSWORD)
    page.goto(f"{base}/assessment/rounds/{assessment.round.pk}/")
    # What the button showed while the request ran, kept across the page's reload.
    page.evaluate(
        """() => document.addEventListener("submit", (e) => setTimeout(() => {
            const b = e.submitter;
            sessionStorage.setItem("busy", b.disabled + "|" + b.textContent);
        }, 20))"""
    )
    page.locator("form[action$='/generate/'] button").click()
    expect(page.locator("ul.messages")).to_contain_text("已生成分配：")
    assert page.evaluate("sessionStorage.getItem('busy')") == "true|正在处理…"
    expect(page.locator("form[action$='/generate/'] button")).to_be_enabled()


def test_the_picker_works_on_a_phone(
    transactional_db,
    cast,
    assessment,  # noqa: F811 - the fixture
    live_server,
    phone,
):
    with_role(UserFactory(username="sz", display_name="孙志远"), Role.ASSESSOR)
    base = live_server.url
    log_in(phone, base, "city", PASSWORD)
    phone.goto(f"{base}/assessment/rounds/{assessment.round.pk}/")
    form = phone.locator("form[action$='/members/']")
    form.locator("select[name=group]").select_option(label="West group")
    form.get_by_role("searchbox", name="查找人员").fill("志远")
    form.locator("button.person-match", has_text="孙志远").tap()
    expect(form.locator(".picked")).to_contain_text("孙志远")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    form.get_by_role("button", name="添加", exact=True).tap()
    expect(phone.locator("ul.messages")).to_contain_text("已将孙志远加入West group。")
