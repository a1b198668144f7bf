"""Creation work on the demo, on a phone, through the screens alone (issue 11 acceptance).

On the demo as ``load_demo`` leaves it, the head of 办公室 of 清源区政务服务中心 (login
``dept_office``) opens 创建工作, finds an open task of 办公室 with its scoring point, uploads
a captioned JPEG photo and submits it; the leader of 办公室 (``leader_office``) signs it
off; the applicant contact, who runs the plan (its 领导小组办公室), applies for 市级文明单位
and accepts the material, which then shows on the application under its clause; the
plan's dashboard counts one more task done for 办公室.

Nothing is written to the database except by the pages, and no date is moved. Reads of
the database only find what to open. Screenshots: the occurrence page, the sign-off and
the dashboard at 390 px, the dashboard and the tasks page at 1366 px
(var/screenshots/creation-*.png, copied to docs/screenshots/).
"""

import io
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Locator, Page, ViewportSize, expect
from tests.campaigns.photos import photo_bytes, scene
from tests.e2e.conftest import SCREENSHOTS, confirm_if_asked, log_in, shot

from wenming.campaigns.models import Campaign
from wenming.creation.models import Plan

PASSWORD = "wenming2026"
ORG = "清源区政务服务中心"
AWARD = "市级文明单位"
DEPARTMENT = "办公室"
#: 办公室's task 我的任务 lists: open, and past its date (10月底前).
TASK = "窗口优质服务提升行动"
CLAUSE = "11.1"
DESK: ViewportSize = {"width": 1366, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(autouse=True)
def _next_year_entered(transactional_db: None) -> None:
    """Overrides the e2e conftest's: this walk writes nothing behind the pages' back."""


class People:
    """Each person in a browser of their own."""

    def __init__(self, browser: Browser, base: str) -> None:
        self.browser = browser
        self.base = base
        self.contexts: list[BrowserContext] = []

    def person(self, username: str, *, phone: bool = True) -> Page:
        viewport = PHONE if phone else DESK
        context = self.browser.new_context(
            locale="zh-CN", viewport=viewport, is_mobile=phone, has_touch=phone
        )
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, self.base, username, PASSWORD)
        return page

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def messages(page: Page) -> Locator:
    return page.locator("ul.messages")


def act(page: Page, button: Locator, says: str) -> None:
    """An irreversible step: the page asks first, and the person confirms."""
    asked = confirm_if_asked(page, button)
    assert asked, f"{says}: the page did not ask before an irreversible step"


def docs_shot(page: Page, name: str, *, full_page: bool = True) -> None:
    """A screenshot for the README: var/screenshots, then docs/screenshots."""
    path = shot(page, name, full_page=full_page)
    DOCS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, DOCS / path.name)


def open_creation(page: Page) -> None:
    """From the home page, 创建工作 in the menu (on a phone: behind the menu button)."""
    link = page.get_by_role("link", name="创建工作").first
    if not link.is_visible():
        page.get_by_role("button", name=re.compile("菜单")).first.click()
    link.click()
    expect(page.locator("h1")).to_contain_text("创建工作")


def open_task_occurrence(page: Page) -> str:
    """Under 我的任务 on 创建工作, the open task of 办公室; its page names the scoring point."""
    mine = page.locator("section[aria-labelledby=mine-h]")
    row = mine.locator("tbody tr", has=page.locator("a", has_text=TASK))
    row = row.filter(has_text="待提交").first
    expect(row).to_contain_text(DEPARTMENT)
    row.locator("a", has_text=TASK).click()
    facts = page.locator(".facts")
    expect(facts).to_contain_text(CLAUSE)
    expect(facts).to_contain_text(DEPARTMENT)
    expect(facts).to_contain_text("待提交")
    return page.url


def jpeg(tmp_path: Path) -> Path:
    """A photo as a phone takes it: a JPEG within the rules' 1.5–2 MB."""
    path = tmp_path / "窗口优质服务提升行动.jpg"
    path.write_bytes(photo_bytes(scene(11), taken=timezone.localdate()))
    return path


def upload_and_submit(page: Page, photo: Path, theme: str) -> None:
    """The head fills the upload form as the photo's caption asks, then submits."""
    today = timezone.localdate()
    form = page.locator("form[enctype='multipart/form-data']")
    form.get_by_label("材料类型").select_option(label="活动照片")
    form.locator("input[type=file]").set_input_files(str(photo))
    form.get_by_label("活动名称").fill("窗口优质服务提升行动")
    form.get_by_label("时间", exact=True).fill(f"{today.year}年{today.month}月{today.day}日")
    form.get_by_label("地点", exact=True).fill("三楼会议室")
    form.get_by_label("主办单位", exact=True).fill(ORG)
    form.get_by_label("主题", exact=True).fill(theme)
    form.get_by_label("参加人员", exact=True).fill("窗口全体工作人员")
    form.get_by_role("button", name="上传").click()
    expect(messages(page)).to_contain_text(f"已上传“{photo.name}”。")
    expect(page.locator("table.cards").first).to_contain_text(photo.name)
    act(page, page.get_by_role("button", name="提交签批"), "提交签批")
    expect(messages(page)).to_contain_text("已提交分管领导签批")
    expect(page.locator(".facts")).to_contain_text("待领导签批")


def dashboard_done(people: People, page: Page, plan: Plan) -> int:
    """The plan dashboard's 已完成 for 办公室."""
    page.goto(people.url(f"/creation/plans/{plan.pk}/dashboard/"))
    table = page.locator("table", has=page.locator("th", has_text="已完成")).first
    # On a phone the table is cards and its head hidden: read the text, not what shows.
    headers = [(h.text_content() or "").strip() for h in table.locator("thead th").all()]
    column = headers.index("已完成")
    row = table.locator("tbody tr", has=page.locator("th, td", has_text=DEPARTMENT)).first
    cell = row.locator("th, td").nth(column)
    found = re.search(r"\d+", cell.text_content() or "")
    assert found, "the 已完成 cell holds a number"
    return int(found.group(0))


def start_application(people: People, page: Page, campaign: Campaign) -> str:
    """The applicant applies for 市级文明单位 (the draft the material is copied onto)."""
    page.goto(people.url(f"/campaigns/{campaign.pk}/apply/"))
    row = page.locator(".award-row", has=page.locator("strong", has_text=AWARD)).first
    row.locator("button.primary, a.button").first.click()
    expect(page.locator("h1")).to_have_text(ORG)
    return page.url


def test_a_department_photo_signed_off_accepted_and_shown_on_the_application(
    transactional_db: None, live_server: Any, browser: Browser, tmp_path: Path
) -> None:
    call_command("load_demo", allow_production=True, stdout=io.StringIO())
    plan = Plan.objects.select_related("award__campaign").get(organization__name=ORG)
    campaign = plan.award.campaign
    people = People(browser, live_server.url)
    try:
        office = people.person("applicant")
        before = dashboard_done(people, office, plan)

        # 1. The head of 办公室 uploads a captioned photo and submits it for sign-off.
        head = people.person("dept_office")
        open_creation(head)
        occurrence_url = open_task_occurrence(head)
        theme = f"清河市{timezone.localdate().year}年{ORG}窗口优质服务提升行动"
        upload_and_submit(head, jpeg(tmp_path), theme)
        docs_shot(head, "creation-01-occurrence-phone")

        # 2. The leader of 办公室 signs it off.
        leader = people.person("leader_office")
        leader.goto(occurrence_url)
        expect(leader.locator("main")).to_contain_text("待领导签批")
        act(leader, leader.get_by_role("button", name="签批同意"), "签批同意")
        expect(messages(leader)).to_contain_text("已签批同意，资料提交表已生成")
        expect(leader.locator(".facts")).to_contain_text("待办公室验收")
        expect(leader.get_by_role("link", name="下载资料提交表")).to_be_visible()
        docs_shot(leader, "creation-02-sign-off-phone")

        # 3. The applicant's office applies, then accepts the material.
        application_url = start_application(people, office, campaign)
        office.goto(occurrence_url)
        act(office, office.get_by_role("button", name="验收通过"), "验收通过")
        expect(messages(office)).to_contain_text("已验收通过。1 份材料已转入申报表。")
        expect(office.locator(".facts")).to_contain_text("已验收")

        # 4. The application shows the photo under its clause.
        office.goto(application_url)
        clause = office.locator(f"[id='clause-{CLAUSE}']")
        expect(clause.locator("ul.evidence")).to_contain_text("窗口优质服务提升行动.jpg")

        # 5. The dashboard counts one more task done for 办公室.
        assert dashboard_done(people, office, plan) == before + 1
        docs_shot(office, "creation-03-dashboard-phone")
        desk = people.person("applicant", phone=False)
        desk.goto(people.url(f"/creation/plans/{plan.pk}/dashboard/"))
        docs_shot(desk, "creation-04-dashboard")
        desk.goto(people.url(f"/creation/plans/{plan.pk}/tasks/"))
        docs_shot(desk, "creation-05-tasks")
    finally:
        people.close()
    assert SCREENSHOTS.exists()
