"""The demo city's campaign walked to the end through the screens alone.

On the demo as ``load_demo`` leaves it, every role logs in with the demo password and
does its part on its own pages: the applicant 清源区政务服务中心 applies for 市级文明单位
and submits; the recommending units decide every submitted application, and 清源区
recommends two and reports its stamped list; the city clerk closes and opens every stage
on the campaign page, confirming each irreversible step in the dialog; the assessor
marks on a phone; the city ranks; the police answer the screening and the clerk enters
the paper replies (代录, with the scanned letter) of the departments that have no
account; the public reads the notice; the committee approves; the clerk names, and
anyone verifies the certificate.

Nothing is written to the database except by the pages, and no date is moved in it: the
publicity's working days pass on the test's own clock (time_machine, which the live
server's thread shares). Reads of the database only find what to open or confirm what a
page said. Each stage leaves a screenshot in var/screenshots/campaign-NN-<stage>.png
(1366 px wide; the marking, the public notice and the verification also at 390 px).
"""

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader
from tests.e2e.conftest import confirm_if_asked, log_in, shot
from weasyprint import HTML

from wenming.campaigns.models import Application, Campaign

PASSWORD = "wenming2026"
APPLICANT_ORG = "清源区政务服务中心"
SECOND_ORG = "清河新丰智慧物流有限公司"  # the county's other submitted application
AWARD = "市级文明单位"
COUNTY = "清源区"
REVIEWER_BODY = "清河市公安局"
DOCUMENT_NUMBER = "清文明委〔2026〕12号"
DESK = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

#: Irreversible steps whose page asked nothing (filled by ``act``; reported, see below).
UNASKED: list[str] = []


@pytest.fixture(autouse=True)
def _next_year_entered(transactional_db):
    """Overrides the e2e conftest's: this walk writes nothing behind the pages' back."""


@pytest.fixture(autouse=True)
def _unasked():
    UNASKED.clear()
    yield
    if UNASKED:
        print("irreversible steps without a confirmation:", ", ".join(UNASKED))


class Walk:
    """The people of the walk, each in a browser of their own."""

    def __init__(self, browser: Browser, base: str, campaign: Campaign) -> None:
        self.browser = browser
        self.base = base
        self.campaign = campaign
        self.contexts: list[BrowserContext] = []

    def person(self, username: str | None, *, phone: bool = False) -> Page:
        """A fresh browser, logged in as ``username`` (None: someone without a login)."""
        if phone:
            context = self.browser.new_context(
                locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True
            )
        else:
            context = self.browser.new_context(locale="zh-CN", viewport=DESK)
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        if username:
            log_in(page, self.base, username, PASSWORD)
        return page

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def confirm(page: Page, says: str) -> None:
    """The dialog asks before an irreversible step; the person reads it and confirms."""
    dialog = page.locator("dialog#confirm-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(says)
    dialog.locator("button", has_text="确认").click()


def act(page: Page, button, step: str) -> None:
    """Click an irreversible step's button and confirm when the page asks (pages that
    do not ask yet are listed in UNASKED)."""
    if not confirm_if_asked(page, button):
        UNASKED.append(step)


def messages(page: Page):
    return page.locator("ul.messages")


# ---- the campaign page: the clerk closes and opens stages -----------------------------


def stage(page: Page, kind: str):
    return page.locator(f"li.stage[data-stage={kind}]")


def close_stage(walk: Walk, page: Page, kind: str, label: str, reason: str) -> None:
    """The clerk closes ``kind`` on the campaign page: every condition shows ✓, the
    reason for closing before the deadline is given, and the dialog is confirmed."""
    # The conditions still unmet are named in the failure, not only counted.
    assert gate_unmet(page, walk, kind) == []
    item = stage(page, kind)
    expect(item.locator(".badge").first).to_have_text(re.compile("进行中|已截止，待结束"))
    form = item.locator("form[action$='/close/']")
    reason_box = form.locator("input[name=reason]")
    if reason_box.count():
        reason_box.fill(reason)
    form.locator("button", has_text=f"结束{label}阶段").click()
    confirm(page, "不能重新开启")
    expect(messages(page)).to_contain_text(f"{label}阶段已结束")
    expect(stage(page, kind).locator(".badge").first).to_have_text("已结束")


def open_stage(walk: Walk, page: Page, kind: str, label: str) -> None:
    """The clerk opens the next stage now, before its planned start."""
    page.goto(walk.url(f"/campaigns/{walk.campaign.pk}/"))
    item = stage(page, kind)
    expect(item.locator(".badge").first).to_have_text("未开始")
    item.locator("form[action$='/open/'] button", has_text=f"现在开始{label}阶段").click()
    expect(messages(page)).to_contain_text(f"{label}阶段已开始")
    expect(stage(page, kind).locator(".badge").first).to_have_text("进行中")


def gate_unmet(page: Page, walk: Walk, kind: str) -> list[str]:
    page.goto(walk.url(f"/campaigns/{walk.campaign.pk}/"))
    return stage(page, kind).locator("ul.gate li.unmet").all_inner_texts()


# ---- the steps ------------------------------------------------------------------------


def pdf(path: Path, title: str, lines: list[str]) -> Path:
    """A small real PDF, as a scanner would give (rendered with WeasyPrint)."""

    body = "".join(f"<p>{line}</p>" for line in lines)
    HTML(string=f"<h1>{title}</h1>{body}").write_pdf(path)
    return path


def apply_and_submit(walk: Walk) -> Page:
    """The applicant applies, marks itself on every scoring point, and submits."""
    page = walk.person("applicant")
    page.goto(walk.url(f"/campaigns/{walk.campaign.pk}/apply/"))
    row = page.locator(".award-row", has=page.locator("strong", has_text=AWARD)).first
    expect(row.locator(".reason")).to_contain_text("可申报")
    row.locator("button.primary").click()
    expect(page.locator("h1")).to_have_text(APPLICANT_ORG)
    page.wait_for_load_state("load")  # a long page: every clause is there
    expect(page.locator(".warnbox")).to_contain_text("个评分要点未自评")
    clauses = page.locator(".clause:has(form.mark-form)")
    keys = [c.get_attribute("id") for c in clauses.all()]
    assert len(keys) > 40
    for key in keys:
        clause = page.locator(f"[id='{key}']")
        box = clause.locator("input[name=points]")
        box.fill(box.get_attribute("max"))
        box.dispatch_event("change")
        expect(page.locator(f"[id='{key}'] .ok")).to_have_text("已保存")
    page.reload()
    expect(page.locator(".warnbox")).to_have_count(0)
    act(page, page.locator("form[action$='/submit/'] button"), "提交申报")
    expect(page.locator(".badge.status-submitted")).to_be_visible()
    shot(page, "campaign-01-apply", full_page=False)
    return page


def decide_open(page: Page, value: str, keep: dict[str, str] | None = None) -> int:
    """On the review page, every application still undecided gets ``value`` (or the
    value ``keep`` names for it), one award block at a time. Returns how many."""
    keep = keep or {}
    decided = 0
    while True:
        undecided = page.locator("select[name^=decision-]").filter(
            has=page.locator("option[value='']:checked")
        )
        if not undecided.count():
            return decided
        form = undecided.first.get_attribute("form")
        for select in page.locator(f"select[form='{form}']").all():
            name = select.get_attribute("aria-label").removesuffix(" 的推荐意见")
            if select.input_value() == "" or name in keep:
                select.select_option(keep.get(name, value))
                decided += 1
        # The next pass reads the selects again: it must read the page the save loads,
        # not the one being left (whose selects this pass has just filled in).
        with page.expect_navigation():
            act(page, page.locator(f"button.primary[form='{form}']"), "保存推荐")
        expect(page.locator(".form-errors")).to_have_count(0)


def award_block(page: Page, award: str):
    return page.locator(".award-block", has=page.get_by_role("heading", name=award, exact=True))


def report_stamped(walk: Walk, page: Page, tmp_path: Path, unit_name: str, person: str) -> None:
    """The unit sets its 机关代字 once, issues its recommendation report (发文（取号）),
    downloads it, has it stamped (the download is the scan here) and uploads it with the
    person responsible."""
    review = page.url
    page.goto(walk.url("/organizations/letterhead/"))
    page.get_by_label("机关代字").fill("清区文明办")
    page.get_by_role("button", name="保存").click()
    expect(messages(page)).to_contain_text("发文设置已保存")
    page.goto(review)
    section = page.locator("section.unit-section", has=page.locator("h2", has_text=unit_name))
    expect(section).to_contain_text("未取号：下载的是未编号的稿本。")
    button = section.get_by_role("button", name="发文（取号）")
    button.click()
    confirm(page, "登记后不可撤销")
    expect(messages(page)).to_contain_text("推荐报告已登记发文字号清区文明办〔")
    section = page.locator("section.unit-section", has=page.locator("h2", has_text=unit_name))
    number = re.search(r"清区文明办〔\d{4}〕1号", section.inner_text())
    assert number, "the section shows the report's number"
    expect(section.get_by_role("button", name="发文（取号）")).to_have_count(0)
    href = section.locator("a", has_text="推荐报告（PDF）").get_attribute("href")
    report = page.request.get(walk.url(href))
    assert report.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(report.body())).pages)
    assert number.group(0) in text.replace(" ", "")
    scan = tmp_path / "stamped-report.pdf"
    scan.write_bytes(report.body())
    card = section.locator(".submit-card")
    card.locator("input[name=responsible_person]").fill(person)
    card.locator("input[name=stamped_pdf]").set_input_files(str(scan))
    act(page, card.locator("button.primary"), "报送推荐报告")
    section = page.locator("section.unit-section", has=page.locator("h2", has_text=unit_name))
    expect(section.locator(".submit-card .ok")).to_contain_text(f"推荐责任人：{person}")


def assess(walk: Walk, clerk: Page) -> None:
    campaign = walk.campaign
    clerk.goto(walk.url("/assessment/"))
    card = clerk.locator("section.card", has=clerk.locator("h2", has_text=campaign.name))
    card.locator("summary", has_text="新建测评轮次").click()
    card.locator("select[name=kind]").select_option("city_recheck")
    card.locator("input[name=name]").fill("市级复核")
    card.locator("input[name=weight]").fill("1")
    card.locator("button.primary", has_text="新建").click()
    expect(clerk.locator("h1")).to_contain_text("市级复核 · 分配看板")
    group_form = clerk.locator("form[action$='/groups/']")
    group_form.locator("input[name=name]").fill("市直第一考核组")
    group_form.locator("button").click()
    column = clerk.locator("section.board-col[aria-label='市直第一考核组']")
    expect(column).to_be_visible()
    member_form = clerk.locator("form[action$='/members/']")
    member_form.locator("select[name=group]").select_option(label="市直第一考核组")
    member_form.locator("input[type=search]").fill("周明")
    member_form.locator("button.person-match", has_text="周明远").click()
    expect(member_form.locator(".picked")).to_contain_text("周明远")
    member_form.locator("input[name=is_leader]").check()
    member_form.get_by_role("button", name="添加", exact=True).click()
    expect(column.locator("ul.members")).to_contain_text("周明远")
    act(clerk, clerk.locator("form[action$='/generate/'] button"), "生成分配")
    expect(column.locator("li.applicant")).to_have_count(2)
    expect(column.locator(".load")).to_have_text("2")
    shot(clerk, "campaign-04-assign")

    marker = walk.person("assessor", phone=True)
    for i, name in enumerate((APPLICANT_ORG, SECOND_ORG)):
        marker.goto(walk.url("/assessment/"))
        marker.get_by_role("link", name=name).first.click()
        expect(marker.locator("h1")).to_have_text(name)
        boxes = marker.locator("fieldset.mark-field")
        for n in range(boxes.count()):
            boxes.nth(n).locator("label").nth(-1 - i).click()  # full points, or a step less
        # Each mark is saved as it is given; on two shared cores that takes a while.
        expect(marker.locator("#sync")).to_have_text("全部已保存", timeout=120_000)
        if i == 0:
            shot(marker, "campaign-05-mark-phone", full_page=False)

    clerk.goto(walk.url(f"/assessment/campaigns/{campaign.pk}/mark-sets/"))
    expect(clerk.locator("main")).not_to_contain_text("缺少")
    clerk.goto(walk.url(f"/assessment/campaigns/{campaign.pk}/ranking/"))
    act(clerk, clerk.get_by_role("button", name="重新计算"), "计算排名")
    expect(messages(clerk)).to_contain_text("2 个申报参与排名")
    ranking = clerk.locator("section.award-ranking", has=clerk.get_by_role("heading", name=AWARD))
    first = ranking.locator("tbody tr").first
    expect(first).to_contain_text(APPLICANT_ORG)
    expect(first.locator("td").first).to_have_text("1")
    shot(clerk, "campaign-06-ranking")


def screen(walk: Walk, clerk: Page, tmp_path: Path) -> None:
    campaign = walk.campaign
    clerk.goto(walk.url(f"/screening/campaign/{campaign.pk}/send/"))
    deadline = timezone.localtime() + timedelta(days=7)
    clerk.fill("input[name=deadline]", deadline.strftime("%Y-%m-%dT%H:%M"))
    act(clerk, clerk.locator("button.primary", has_text="发出"), "发出征求意见")
    expect(messages(clerk)).to_contain_text("已将征求意见名单发送给各成员单位")
    departments = clerk.locator("table.departments tbody tr")
    total = departments.count()
    expect(clerk.locator("table.departments tr.unanswered")).to_have_count(total)

    police = walk.person("reviewer")
    police.goto(walk.url("/screening/"))
    # The reviewer also answers for 白石市's police: the row of this campaign's request.
    mine = police.locator("tr", has_text=campaign.name).filter(has_text=REVIEWER_BODY)
    mine.get_by_role("link", name="逐一答复").click()
    for name in (APPLICANT_ORG, SECOND_ORG):
        police.locator("tr", has_text=name).locator("input[value=no_objection]").check()
    act(police, police.get_by_role("button", name="提交意见"), "提交意见")
    expect(messages(police)).to_contain_text("已提交2条意见")
    shot(police, "campaign-07-screening")

    letter = pdf(
        tmp_path / "复函.pdf",
        "关于第二十届市级精神文明建设先进集体拟推荐对象征求意见的复函",
        [f"经核查，{APPLICANT_ORG}、{SECOND_ORG}无违法违纪情况，无异议。", "（盖章）"],
    )
    clerk.reload()
    silent = clerk.locator("table.departments tr.unanswered")
    expect(silent).to_have_count(total - 1)
    first = True
    while silent.count():
        body = silent.first.locator("td").first.inner_text()
        silent.first.get_by_role("link", name="代录书面复函").click()
        expect(clerk.locator("h1")).to_contain_text(body)
        clerk.fill("input[name=document_number]", f"{body[:6]}函〔2026〕{total}号")
        clerk.locator("input[name=letter]").set_input_files(str(letter))
        for row in clerk.locator("#paper-reply tbody tr").all():
            row.locator("input[value=no_objection]").check()
        if first:
            shot(clerk, "campaign-08-paper-reply")
        clerk.locator("#paper-reply button.primary").click()
        confirm(clerk, "代录的意见保存后不能修改")
        expect(messages(clerk)).to_contain_text(f"已代录{body}的书面复函：2条意见")
        first = False
    expect(clerk.locator("table.departments tr.answered")).to_have_count(total)
    expect(clerk.locator("table.departments")).to_contain_text("代录 2")
    shot(clerk, "campaign-09-screening-answered")


def enter_next_year(walk: Walk, clerk: Page) -> None:
    """In December the publicity's working days may run into next year, which the
    bundled calendar may not hold yet: the clerk enters it as the State Council's notice
    says (here, New Year's Day only), as the software asks rather than guessing."""
    year = timezone.localdate().year + 1
    clerk.goto(walk.url("/publicity/holidays/"))
    if clerk.locator("section.card li", has_text=f"{year} · ").count():
        return
    clerk.fill("input[name=year]", str(year))
    clerk.fill("input[name=document_number]", f"国办发明电〔{year - 1}〕7号")
    clerk.fill("textarea[name=days_off]", f"{year}-01-01")
    clerk.get_by_role("button", name="保存").click()
    expect(clerk.locator("section.card")).to_contain_text(f"{year} · 国办发明电")


def publicise(walk: Walk, clerk: Page):
    campaign = walk.campaign
    if timezone.localdate().month == 12:
        enter_next_year(walk, clerk)
    clerk.goto(walk.url(f"/publicity/campaign/{campaign.pk}/"))
    clerk.fill("input[name=starts_on]", timezone.localdate().isoformat())
    clerk.fill("input[name=contact_phone]", "0737-1234567")
    act(clerk, clerk.locator("button.primary", has_text="发布公示"), "发布公示")
    expect(messages(clerk)).to_contain_text("已发布公示")
    expect(clerk.locator(".facts")).to_contain_text("公示中")
    ends = clerk.locator(".facts").inner_text()

    for viewport, name in ((False, "campaign-10-publicity"), (True, "campaign-10-publicity-phone")):
        anyone = walk.person(None, phone=viewport)
        anyone.goto(walk.url("/publicity/"))
        anyone.get_by_text("查看名单").first.click()
        expect(anyone.locator("h1")).to_contain_text("拟推荐名单公示")
        expect(anyone.locator("ol.roster")).to_contain_text(APPLICANT_ORG)
        expect(anyone.locator("ol.roster")).to_contain_text(SECOND_ORG)
        shot(anyone, name)

    # The clerk cannot close while the working days run.
    assert any("公示" in line for line in gate_unmet(clerk, walk, "publicity")), ends
    traveller = time_machine.travel(timezone.now() + timedelta(days=12), tick=True)
    traveller.start()
    clerk.context.clear_cookies()  # twelve days on, the session has long expired
    log_in(clerk, walk.base, "city", PASSWORD)
    clerk.goto(walk.url(f"/publicity/campaign/{campaign.pk}/"))
    expect(clerk.locator(".facts")).to_contain_text("公示期已满")
    return traveller


def approve(walk: Walk, clerk: Page) -> str:
    campaign = walk.campaign
    today = timezone.localdate()
    clerk.goto(walk.url(f"/committee/campaign/{campaign.pk}/"))
    clerk.fill("input[name=held_on]", today.isoformat())
    clerk.fill("input[name=place]", "市委第一会议室")
    clerk.fill("textarea[name=names]", "王建国\n陈晓红")
    clerk.click("#new-meeting button.primary")
    expect(messages(clerk)).to_contain_text("已创建会议")
    clerk.check("#attendance input[aria-label='郑国强']")
    clerk.check("#attendance input[aria-label='王建国']")
    clerk.fill("#attendance input[name^=opinion_][aria-label='陈晓红']", "同意推荐名单。")
    clerk.click("#attendance button.primary")
    expect(clerk.locator("#quorum")).to_contain_text("应到 3 人，实到 2 人，须至少 2 人出席")
    expect(clerk.locator("#quorum")).to_contain_text("会议有效")
    clerk.fill("#vote-form input[name=votes_for]", "2")
    clerk.click("#vote-form button")
    clerk.fill("#minutes textarea", "会议审议了拟推荐名单，无异议。")
    clerk.click("#minutes button")
    act(clerk, clerk.locator("#approve button.primary"), "审定名单")
    expect(messages(clerk)).to_contain_text("名单已审定，并已冻结")
    for org in (APPLICANT_ORG, SECOND_ORG):
        expect(clerk.locator("#list tr", has_text=org)).to_contain_text("审定通过")
    meeting = clerk.url

    member = walk.person("committee")
    member.goto(meeting)
    expect(member.locator("#quorum")).to_contain_text("会议有效")
    expect(member.locator("#list tr", has_text=APPLICANT_ORG)).to_contain_text("审定通过")
    shot(member, "campaign-11-committee")
    return meeting


def name(walk: Walk, clerk: Page, meeting: str) -> str:
    """The clerk names the approved list; returns the certificate's code as printed."""
    clerk.goto(meeting)
    clerk.fill("input[name=document_number]", DOCUMENT_NUMBER)
    clerk.fill("input[name=named_on]", timezone.localdate().isoformat())
    act(clerk, clerk.locator("#name-form button.primary"), "命名")
    expect(messages(clerk)).to_contain_text("已命名")
    named = clerk.locator("#naming tr", has_text=APPLICANT_ORG)
    expect(named).to_contain_text(AWARD)
    expect(clerk.locator("#naming tr", has_text=SECOND_ORG)).to_contain_text(AWARD)
    shot(clerk, "campaign-12-naming")
    certificate = clerk.request.get(walk.url(named.locator("a").first.get_attribute("href")))
    assert certificate.headers["content-type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(certificate.body())).pages)
    found = re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", text)
    assert found, text
    return found.group(0)


def test_the_demo_campaign_walked_through_the_screens_to_a_verified_certificate(
    transactional_db, live_server, browser: Browser, tmp_path: Path
):
    call_command("load_frameworks", stdout=io.StringIO())
    call_command("load_demo", allow_production=True, stdout=io.StringIO())
    campaign = Campaign.objects.get(office__name="清河市", edition=20)
    walk = Walk(browser, live_server.url, campaign)
    traveller = None
    try:
        traveller = _walk(walk, tmp_path)
    except Exception:
        for i, context in enumerate(walk.contexts):  # what each person saw last
            for page in context.pages:
                shot(page, f"debug-demo-walk-{i}")
        raise
    finally:
        if traveller is not None:
            traveller.stop()
        walk.close()


def _walk(walk: Walk, tmp_path: Path):
    campaign = walk.campaign

    # The clerk finds the campaign at 申报, the later stages waiting their turn.
    clerk = walk.person("city")
    clerk.goto(walk.url(f"/campaigns/{campaign.pk}/"))
    expect(stage(clerk, "application").locator(".badge").first).to_have_text("进行中")
    expect(stage(clerk, "recommendation").locator(".badge").first).to_have_text("待上一阶段结束")

    # 1. 申报: the applicant submits. The clerk closes the stage early and opens 推荐.
    apply_and_submit(walk)
    close_stage(walk, clerk, "application", "申报", "申报单位均已提交，提前进入推荐。")
    open_stage(walk, clerk, "recommendation", "推荐")

    # 2. 推荐: 清源区 recommends its two applications for 市级文明单位 and reports them;
    # every other unit decides what it received (alternates, to keep the walk short).
    county = walk.person("county")
    county.goto(walk.url(f"/campaigns/{campaign.pk}/review/"))
    decide_open(
        county,
        "alternate",
        keep={APPLICANT_ORG: "recommended", SECOND_ORG: "recommended"},
    )
    block = award_block(county, AWARD)
    expect(block.locator(".quota-use")).to_contain_text("名额 3 · 已推荐 2")
    report_stamped(walk, county, tmp_path, COUNTY, "赵文华")
    shot(county, "campaign-02-recommend")

    body = walk.person("body")
    body.goto(walk.url(f"/campaigns/{campaign.pk}/review/"))
    decide_open(body, "alternate")
    clerk.goto(walk.url(f"/campaigns/{campaign.pk}/review/"))
    decide_open(clerk, "alternate")
    # The demo has no login for the other counties and bodies: the administrator, who
    # acts for every unit on the same page, decides theirs.
    admin = walk.person("admin")
    admin.goto(walk.url(f"/campaigns/{campaign.pk}/review/"))
    decide_open(admin, "alternate")
    assert gate_unmet(clerk, walk, "recommendation") == []

    clerk.goto(walk.url(f"/campaigns/{campaign.pk}/quotas/"))
    row = clerk.locator("tr.unit-row", has=clerk.locator("th", has_text=COUNTY))
    used_before = row.locator("td.row-total .use strong").inner_text()
    close_stage(walk, clerk, "recommendation", "推荐", "各推荐单位均已报送，提前进入测评。")
    shot(clerk, "campaign-03-stages")
    open_stage(walk, clerk, "assessment", "测评")

    assert used_before == "2"

    # 3. 测评: the clerk forms a round and a group with the demo assessor and assigns;
    # the assessor marks both applicants on a phone; the clerk ranks and closes.
    assess(walk, clerk)
    close_stage(walk, clerk, "assessment", "测评", "评分齐全，排名已计算，提前进入征求意见。")
    open_stage(walk, clerk, "screening", "征求意见")

    # 4. 征求意见: the list goes to the member departments; the police answer in the
    # system, the clerk enters the paper replies of the departments without an account.
    screen(walk, clerk, tmp_path)
    close_stage(walk, clerk, "screening", "征求意见", "各部门均已答复，提前进入公示。")
    open_stage(walk, clerk, "publicity", "公示")

    # 5. 公示: published today; the public reads it; its working days pass on the
    # test's clock, then the clerk closes it.
    traveller = publicise(walk, clerk)
    close_stage(walk, clerk, "publicity", "公示", "公示期满，无异议，提前进入审定。")
    open_stage(walk, clerk, "approval", "审定")

    # 6. 审定: the committee meets (the demo member and one of two members entered by
    # name attend: two of three), votes and approves; the member reads the list.
    meeting = approve(walk, clerk)
    close_stage(walk, clerk, "approval", "审定", "委员会已审定名单，提前进入命名。")
    open_stage(walk, clerk, "naming", "命名")

    # 7. 命名: the clerk names the list; the certificate downloads; the stage closes.
    code = name(walk, clerk, meeting)
    close_stage(walk, clerk, "naming", "命名", "已命名并颁发证书。")
    clerk.goto(walk.url(f"/campaigns/{campaign.pk}/"))
    expect(clerk.locator("li.stage .badge", has_text="已结束")).to_have_count(7)
    shot(clerk, "campaign-13-closed")

    # The county's quota page still counts the two it recommended, now named.
    award = Application.objects.get(campaign=campaign, organization__name=APPLICANT_ORG).award
    clerk.goto(walk.url(f"/campaigns/{campaign.pk}/quotas/"))
    row = clerk.locator("tr.unit-row", has=clerk.locator("th", has_text=COUNTY))
    cell = row.locator("td.cell", has=clerk.locator(f"button[popovertarget$='-{award.pk}']"))
    expect(cell.locator(".use")).to_have_text(re.compile(r"^\s*2\s*/\s*3\s*$"))
    expect(row.locator("td.row-total .use strong")).to_have_text("2")
    shot(clerk, "campaign-14-quotas")
    # and the county's own list still shows both, as named.
    county = walk.person("county")
    county.goto(walk.url(f"/campaigns/{campaign.pk}/review/"))
    block = award_block(county, AWARD)
    expect(block.locator(".quota-use")).to_contain_text("名额 3 · 已推荐 2")
    for org in (APPLICANT_ORG, SECOND_ORG):
        expect(block.locator("tr", has_text=org)).to_contain_text("已命名")

    # 8. Anyone, without a login and on a phone, checks the certificate.
    for phone, shot_name in ((False, "campaign-15-verify"), (True, "campaign-15-verify-phone")):
        anyone = walk.person(None, phone=phone)
        anyone.goto(walk.url("/committee/verify/"))
        anyone.fill("input[name=code]", code)
        anyone.get_by_role("button", name="查验").click()
        verdict = anyone.locator(".verdict")
        expect(verdict).to_contain_text("证书真实有效")
        expect(verdict).to_contain_text(APPLICANT_ORG)
        expect(verdict).to_contain_text(AWARD)
        expect(verdict).to_contain_text(DOCUMENT_NUMBER)
        shot(anyone, shot_name)
    return traveller
