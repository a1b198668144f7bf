"""One whole campaign in the browser, on the demo: 清源区政务服务中心 applies for
市级文明单位 and is recommended, assessed, ranked, screened, published, approved and
named; anyone then checks its certificate. Each stage is done by its real role, and
each leaves a screenshot (var/screenshots/whole-campaign-NN-*.png).

Time passes by closing the earlier stages and moving the stage dates (and the publicity's
end date) in the database, as test_campaign_walk.py does; test_demo_campaign.py walks the
same demo through the screens alone."""

import io
from datetime import timedelta
from decimal import Decimal

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from tests.e2e.conftest import confirm_if_asked, log_in, shot
from tests.factories import reach_stage

from wenming.accounts.models import Role, RoleAssignment, User
from wenming.assessment.models import Assignment, Mark
from wenming.assessment.sheet import sheet
from wenming.campaigns.models import Application, Campaign, SelfMark, Stage
from wenming.campaigns.selectors.applications import markable_clauses
from wenming.committee.models import Certificate
from wenming.domain.application_states import State
from wenming.publicity.models import Publicity
from wenming.registry.models import Title
from wenming.screening import services as screening_services
from wenming.screening.models import ScreeningRequest, ScreeningRound

PASSWORD = "wenming2026"
APPLICANT_ORG = "清源区政务服务中心"
AWARD = "市级文明单位"
REVIEWER_BODY = "清河市公安局"
DOCUMENT_NUMBER = "清文明委〔2026〕12号"


def open_stage(campaign: Campaign, kind: str) -> None:
    """Time passes: the stages before ``kind`` are closed and ``kind`` opened an hour ago
    (set-up; test_demo_campaign.py closes and opens stages from the campaign page)."""
    reach_stage(campaign, kind)
    Stage.objects.filter(campaign=campaign, kind=kind).update(
        opens_at=timezone.now() - timedelta(hours=1)
    )


def as_user(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, base, username, PASSWORD)


def other_departments_answer(round_: ScreeningRound) -> None:
    """Every member department but the demo reviewer's answers "no objection" through the
    service, to keep the test short: their page is the same one the reviewer uses below.
    The demo has reviewers for the police only, so one stand-in user reviews for the rest."""
    stand_in = User.objects.create_user(username="other-departments", password=PASSWORD)
    pending = list(round_.requests.exclude(body__name=REVIEWER_BODY).select_related("body"))
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=stand_in, role=Role.REVIEWER, body=r.body) for r in pending
    )
    listed = list(round_.entries.values_list("application_id", flat=True))
    for request in pending:
        screening_services.screening_answer(
            acting_user=stand_in,
            request=request,
            answers=[screening_services.AnswerInput(a, "no_objection") for a in listed],
        )


def test_one_campaign_from_application_to_certificate(
    transactional_db, live_server, page: Page, phone: Page, browser: Browser
):
    call_command("load_demo", allow_production=True, stdout=io.StringIO())
    campaign = Campaign.objects.get(parent__isnull=False)
    base = live_server.url

    # 1. The applicant applies for 市级文明单位 and submits.
    log_in(page, base, "applicant", PASSWORD)
    page.goto(f"{base}/campaigns/{campaign.pk}/apply/")
    row = page.locator(".award-row", has=page.locator("strong", has_text=AWARD)).first
    expect(row.locator(".reason")).to_contain_text("可申报")
    row.locator("button.primary").click()
    expect(page.locator("h1")).to_have_text(APPLICANT_ORG)
    application = Application.objects.get(organization__name=APPLICANT_ORG, campaign=campaign)
    assert application.award.label == AWARD
    # The self-marks are entered off-screen: test_campaign_walk.py enters them by hand.
    SelfMark.objects.bulk_create(
        SelfMark(application=application, clause_key=key, points=Decimal(1))
        for key in markable_clauses(application)
    )
    page.reload()
    confirm_if_asked(page, page.locator("form[action$='/submit/'] button"))
    expect(page.locator(".badge.status-submitted")).to_be_visible()
    shot(page, "whole-campaign-01-apply")

    # 2. The recommendation stage opens; the county office recommends it.
    open_stage(campaign, "recommendation")
    as_user(page, base, "county")
    page.goto(f"{base}/campaigns/{campaign.pk}/review/")
    decision = page.locator(f"select[name=decision-{application.pk}]")
    decision.select_option("recommended")
    confirm_if_asked(page, page.locator(f"button[form='{decision.get_attribute('form')}']"))
    # The saved page says what happened (the select shows the choice before the save lands).
    expect(page.locator("ul.messages")).to_contain_text("已推荐 1 个")
    expect(page.locator(f"select[name=decision-{application.pk}]")).to_have_value("recommended")
    shot(page, "whole-campaign-02-recommend")
    application.refresh_from_db()
    assert application.status == State.RECOMMENDED

    # 3. The assessment stage opens; the city office creates a round and a group with the
    # demo assessor, and assigns the applicant on the board.
    open_stage(campaign, "assessment")
    as_user(page, base, "city")
    page.goto(f"{base}/assessment/")
    card = page.locator("section.card", has=page.locator("h2", has_text=campaign.name))
    card.locator("summary", has_text="新建测评轮次").click()
    card.locator("select[name=kind]").select_option("city_recheck")
    card.locator("input[name=name]").fill("市级复核")
    card.locator("input[name=weight]").fill("1")
    card.locator("button.primary", has_text="新建").click()
    expect(page.locator("h1")).to_contain_text("市级复核 · 分配看板")
    group_form = page.locator("form[action$='/groups/']")
    group_form.locator("input[name=name]").fill("市直第一考核组")
    group_form.locator("button").click()
    expect(page.locator("section.board-col[aria-label='市直第一考核组']")).to_be_visible()
    member_form = page.locator("form[action$='/members/']")
    member_form.locator("select[name=group]").select_option(label="市直第一考核组")
    member_form.locator("input[type=search]").fill("周明")
    member_form.locator("button.person-match", has_text="周明远").click()
    expect(member_form.locator(".picked")).to_contain_text("周明远")
    member_form.locator("input[name=is_leader]").check()
    member_form.get_by_role("button", name="添加", exact=True).click()
    column = page.locator("section.board-col[aria-label='市直第一考核组']")
    expect(column.locator("ul.members")).to_contain_text("周明远")
    confirm_if_asked(page, page.locator("form[action$='/generate/'] button"))
    expect(column.locator("li.applicant")).to_contain_text(APPLICANT_ORG)
    expect(column.locator(".load")).to_have_text("1")
    shot(page, "whole-campaign-03-assign")
    assignment = Assignment.objects.get(application=application)

    # 4. The assessor marks on a phone: three clauses by hand, the rest off-screen.
    log_in(phone, base, "assessor", PASSWORD)
    phone.goto(f"{base}/assessment/")
    phone.click(f"text={APPLICANT_ORG}")
    expect(phone.locator("h1")).to_have_text(APPLICANT_ORG)
    assert phone.url.endswith(f"/assessment/assignments/{assignment.pk}/")
    boxes = phone.locator("fieldset.mark-field")
    for i in range(3):
        boxes.nth(i).locator("label").last.click()  # full points
    expect(phone.locator("#sync")).to_have_text("全部已保存")
    expect(phone.locator("fieldset.mark-field [data-state]").first).to_have_text("已保存")
    shot(phone, "whole-campaign-04-mark")
    assessor = User.objects.get(username="assessor")
    assert Mark.objects.filter(assessor=assessor, application=application).count() == 3
    framework_row = application.award.framework
    saved = set(Mark.objects.filter(application=application).values_list("clause_key", "method"))
    Mark.objects.bulk_create(
        Mark(
            round=assignment.round,
            application=application,
            assessor=assessor,
            clause_key=key,
            method=method,
            points=entry.clause.points,
            framework=framework_row,
        )
        for key, entry in sheet(framework_row.to_domain()).items()
        for method in entry.methods
        if (key, method.value) not in saved
    )

    # 5. The city office computes the ranking: the applicant is first of its award.
    page.goto(f"{base}/assessment/campaigns/{campaign.pk}/ranking/")
    confirm_if_asked(page, page.get_by_role("button", name="重新计算"))
    # Said at once when the worker ran it in the request (the embedded default), or on the
    # run's card once the page's poll sees the task worker finish it (the stack).
    done = page.get_by_text("1 个申报参与排名，1 个转为已测评").first
    expect(done).to_be_visible(timeout=90_000)
    page.reload()  # the ranking table as it now stands
    ranking = page.locator("section.award-ranking", has=page.locator("h2", has_text=AWARD)).first
    ranked = ranking.locator("tbody tr", has_text=APPLICANT_ORG)
    expect(ranked.locator("td").first).to_have_text("1")
    shot(page, "whole-campaign-05-ranking")
    application.refresh_from_db()
    assert application.status == State.ASSESSED

    # 6. Screening: the office sends the list to the member departments; the police
    # (the demo reviewer) answers "no objection" on its page; the office closes.
    open_stage(campaign, "screening")
    page.goto(f"{base}/screening/campaign/{campaign.pk}/send/")
    deadline = timezone.localtime() + timedelta(days=7)
    page.fill("input[name=deadline]", deadline.strftime("%Y-%m-%dT%H:%M"))
    expect(page.locator(f"input[name=applications][value='{application.pk}']")).to_be_checked()
    confirm_if_asked(page, page.get_by_role("button", name="发出"))
    expect(page.locator("ul.messages")).to_contain_text("已将征求意见名单发送给各成员单位")
    round_ = ScreeningRound.objects.get(campaign=campaign)
    other_departments_answer(round_)
    page.reload()
    expect(page.locator("table.departments tr.unanswered")).to_have_count(1)
    expect(page.locator("table.departments tr.unanswered")).to_contain_text(REVIEWER_BODY)

    police = ScreeningRequest.objects.get(round=round_, body__name=REVIEWER_BODY)
    reviewer = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860})
    try:
        answering = reviewer.new_page()
        log_in(answering, base, "reviewer", PASSWORD)
        answering.goto(f"{base}/screening/")
        answering.click("text=逐一答复")
        assert answering.url.endswith(f"/screening/request/{police.pk}/")
        row = answering.locator(f"#app-{application.pk}")
        expect(row).to_contain_text(APPLICANT_ORG)
        row.locator("input[value=no_objection]").check()
        confirm_if_asked(answering, answering.get_by_role("button", name="提交意见"))
        expect(answering.locator("ul.messages")).to_contain_text("已提交1条意见")
        expect(answering.locator(f"#app-{application.pk} .ok")).to_have_text("无异议")
        shot(answering, "whole-campaign-06-screening")
    finally:
        reviewer.close()

    page.reload()
    expect(page.locator("table.departments tr.unanswered")).to_have_count(0)
    early = page.locator("form.close-round input[name=reason]")
    if early.count():  # before the stage's deadline the office says why
        early.fill("各部门均已答复。")
    confirm_if_asked(page, page.get_by_role("button", name="结束征求意见"))
    expect(page.locator("ul.messages")).to_contain_text("征求意见已结束")
    application.refresh_from_db()
    assert application.status == State.SCREENED

    # 7. Publicity: the office publishes; anyone opens the public page without login;
    # after the end date (moved into the past) the office closes it.
    open_stage(campaign, "publicity")
    page.goto(f"{base}/publicity/campaign/{campaign.pk}/")
    # The form offers today; the date is typed anyway, as an office would check it.
    page.fill("input[name=starts_on]", timezone.localdate().isoformat())
    page.fill("input[name=contact_phone]", "0737-1234567")
    confirm_if_asked(page, page.get_by_role("button", name="发布公示"))
    expect(page.locator("ul.messages")).to_contain_text("已发布公示")
    expect(page.locator(".facts")).to_contain_text("公示中")
    publicity = Publicity.objects.get(campaign=campaign)

    public = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    try:
        anyone = public.new_page()
        anyone.goto(f"{base}/publicity/")
        anyone.click("text=查看名单")
        assert anyone.url.endswith(f"/publicity/{publicity.pk}/")
        expect(anyone.locator("h1")).to_contain_text("拟推荐名单公示")
        expect(anyone.locator("ol.roster")).to_contain_text(APPLICANT_ORG)
        expect(anyone.locator("a.call")).to_have_attribute("href", "tel:0737-1234567")
        shot(anyone, "whole-campaign-07-publicity")
    finally:
        public.close()

    today = timezone.localdate()
    Publicity.objects.filter(pk=publicity.pk).update(
        starts_on=today - timedelta(days=9), ends_on=today - timedelta(days=1)
    )
    page.reload()
    expect(page.locator(".facts")).to_contain_text("公示期已满")
    early = page.locator("form:has(input[value=close]) input[name=reason]")
    if early.count():  # before the stage's deadline the office says why
        early.fill("公示期满，无异议。")
    confirm_if_asked(page, page.get_by_role("button", name="结束公示"))
    expect(page.locator("ul.messages")).to_contain_text("公示已结束")
    expect(page.locator(".facts")).to_contain_text("已结束")

    # 8. The committee meets: the demo committee member and one of two members entered
    # by name attend (2 of 3, exactly two thirds); the list is voted and approved.
    open_stage(campaign, "approval")
    page.goto(f"{base}/committee/campaign/{campaign.pk}/")
    page.fill("input[name=held_on]", today.isoformat())
    page.fill("input[name=place]", "市委第一会议室")
    page.fill("textarea[name=names]", "王建国\n陈晓红")
    page.click("#new-meeting button.primary")
    expect(page.locator("ul.messages")).to_contain_text("已创建会议")
    page.check("#attendance input[aria-label='郑国强']")
    page.check("#attendance input[aria-label='王建国']")
    page.fill("#attendance input[name^=opinion_][aria-label='陈晓红']", "同意推荐名单。")
    page.click("#attendance button.primary")
    expect(page.locator("#quorum")).to_contain_text("应到 3 人，实到 2 人，须至少 2 人出席")
    expect(page.locator("#quorum")).to_contain_text("会议有效")
    page.fill("#vote-form input[name=votes_for]", "2")
    page.click("#vote-form button")
    page.fill("#minutes textarea", "会议审议了拟推荐名单，无异议。")
    page.click("#minutes button")
    confirm_if_asked(page, page.locator("#approve button.primary"))
    expect(page.locator("ul.messages")).to_contain_text("名单已审定，并已冻结")
    expect(page.locator("#list tr", has_text=APPLICANT_ORG)).to_contain_text("审定通过")
    meeting_url = page.url

    # The committee member sees the meeting and its approved list.
    member = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860})
    try:
        committee = member.new_page()
        log_in(committee, base, "committee", PASSWORD)
        committee.goto(meeting_url)
        expect(committee.locator("#quorum")).to_contain_text("会议有效")
        expect(committee.locator("#list tr", has_text=APPLICANT_ORG)).to_contain_text("审定通过")
        shot(committee, "whole-campaign-08-committee")
    finally:
        member.close()

    # 9. The office names the list with its document number and downloads the certificate.
    open_stage(campaign, "naming")
    page.fill("input[name=document_number]", DOCUMENT_NUMBER)
    page.fill("input[name=named_on]", today.isoformat())
    confirm_if_asked(page, page.locator("#name-form button.primary"))
    expect(page.locator("ul.messages")).to_contain_text("已命名")
    named = page.locator("#naming tr", has_text=APPLICANT_ORG)
    expect(named).to_contain_text(AWARD)
    shot(page, "whole-campaign-09-naming")
    application.refresh_from_db()
    assert application.status == State.NAMED
    assert Title.objects.filter(
        organization=application.organization, edition=20, document_number=DOCUMENT_NUMBER
    ).exists()
    download = page.request.get(base + named.locator("a").get_attribute("href"))
    assert download.status == 200
    assert download.headers["content-type"] == "application/pdf"
    assert download.body()[:5] == b"%PDF-"

    # 10. Anyone, without logging in, checks the certificate's code.
    certificate = Certificate.objects.get(application=application)
    public = browser.new_context(locale="zh-CN")
    try:
        anyone = public.new_page()
        anyone.goto(f"{base}/committee/verify/")
        anyone.fill("input[name=code]", certificate.code)
        anyone.click("button.primary")
        verdict = anyone.locator(".verdict")
        expect(verdict).to_contain_text("证书真实有效")
        expect(verdict).to_contain_text(APPLICANT_ORG)
        expect(verdict).to_contain_text(AWARD)
        expect(verdict).to_contain_text(DOCUMENT_NUMBER)
        shot(anyone, "whole-campaign-10-verify")
    finally:
        public.close()
