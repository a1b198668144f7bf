"""In the browser, a family applies for 市级文明家庭 and the office reviews it centrally.

On the demo as ``load_demo`` leaves it, the demo family (login ``family``) opens its
application: the form asks for its members, deeds, honors and village, never for staff
or party members, and there is nothing to mark. A member line without a relation is
refused naming the line; fixed, the form saves and the family submits. On a campaign
whose families wait at the assessment stage, the city office reviews each against the
family standard on the review pages and closes the stage from the campaign page: the
family found short is 未通过, the others go on. Screens at 1366 and 390 px.
"""

import io
import re

from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect
from tests.campaigns.conftest import family  # noqa: F401 - the fixture
from tests.conftest import PASSWORD
from tests.e2e.conftest import confirm_if_asked, log_in, shot
from tests.families.conftest import recommended  # noqa: F401 - the fixture

from wenming.campaigns.models import Campaign

DEMO_PASSWORD = "wenming2026"
DESK = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def test_a_family_applies_with_its_own_form(transactional_db, live_server, browser: Browser):
    call_command("load_frameworks", stdout=io.StringIO())
    call_command("load_demo", allow_production=True, stdout=io.StringIO())
    campaign = Campaign.objects.get(office__name="清河市", edition=20)
    base = live_server.url
    context = browser.new_context(locale="zh-CN", viewport=DESK)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, base, "family", DEMO_PASSWORD)
    page.goto(f"{base}/campaigns/{campaign.pk}/apply/")
    row = page.locator(".award-row", has=page.locator("strong", has_text="市级文明家庭")).first
    row.locator("button.primary").click()
    expect(page.locator("ul.messages")).to_contain_text("请填写家庭成员、主要事迹和推荐村（社区）")
    main = page.locator("main")
    for absent in ("职工人数", "在职党员数", "自评分"):
        expect(main).not_to_contain_text(absent)
    expect(page.locator(".warnbox")).to_contain_text("申报表未填写家庭成员。")
    expect(page.locator("#standard")).to_contain_text("对照创建标准")

    form = page.locator("#family-form")
    form.locator("textarea[name=members]").fill("王德福 户主 退休教师\n刘桂兰")
    form.locator("textarea[name=deeds]").fill("三代同堂，孝老爱亲；常年义务打扫村道，帮扶邻里。")
    form.locator("input[value=ten_star_household]").check()
    form.locator("select[name=recommender]").select_option(index=1)
    form.locator("button", has_text="保存申报表").click()
    expect(page.locator("ul.messages")).to_contain_text("家庭成员第 2 行“刘桂兰”缺少与户主关系")

    form.locator("textarea[name=members]").fill(
        "王德福 户主 退休教师\n刘桂兰 妻子\n王晓明 长子 医生"
    )
    form.locator("textarea[name=deeds]").fill("三代同堂，孝老爱亲；常年义务打扫村道，帮扶邻里。")
    form.locator("select[name=recommender]").select_option(index=1)
    form.locator("button", has_text="保存申报表").click()
    expect(page.locator("ul.messages")).to_contain_text("申报表已保存。")
    expect(page.locator(".warnbox")).to_have_count(0)
    shot(page, "family-application")
    assert confirm_if_asked(page, page.locator("form[action$='/submit/'] button"))
    expect(page.locator(".badge.status-submitted")).to_be_visible()
    expect(page.locator("#family-form")).to_contain_text("刘桂兰（妻子）")

    phone = browser.new_context(
        locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True
    ).new_page()
    log_in(phone, base, "family", DEMO_PASSWORD)
    phone.goto(page.url)
    expect(phone.locator("#family-form")).to_contain_text("十星级文明户")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "family-application-phone")
    context.close()
    phone.context.close()


def test_the_office_reviews_families_and_closes_the_assessment(
    transactional_db,
    cast,
    family,  # noqa: F811 - the fixture
    recommended,  # noqa: F811 - the fixture
    live_server,
    page: Page,
    phone: Page,
):
    base = live_server.url
    log_in(page, base, "city", PASSWORD)
    page.goto(f"{base}/campaigns/{family.campaign.pk}/")
    page.locator("#awards a", has_text="进入审核").click()
    expect(page.locator("#review-counts")).to_contain_text("待审核 3")
    for name, unmet in (("张建国家庭", None), ("李家", "1.2"), ("王家", None)):
        page.locator("#families tr", has_text=name).locator("a", has_text="审核认定").click()
        expect(page.locator("main")).to_contain_text("三代同堂，孝老爱亲")
        for key in ("1.1", "1.2", "2.1"):
            value = "unmet" if key == unmet else "met"
            page.locator(f"#condition-{key.replace('.', '\\.')} input[value={value}]").check()
        if unmet:
            page.locator("button", has_text="保存认定").click()
            expect(page.locator("ul.messages")).to_contain_text(
                "条件 1.2 认定为不达标，须写明理由。"
            )
            page.locator("#condition-1\\.2 input[value=unmet]").check()
            page.fill("input[name='r_1.2']", "近两年未参加村里的公益活动")
            shot(page, "family-review")
        page.locator("button", has_text="保存认定").click()
        expect(page.locator("ul.messages")).to_contain_text("已认定")
    expect(page.locator("#review-counts")).to_contain_text("达标 2")
    expect(page.locator("#review-counts")).to_contain_text("不达标 1")
    shot(page, "family-review-list")

    page.goto(f"{base}/campaigns/{family.campaign.pk}/")
    item = page.locator("li.stage[data-stage=assessment]")
    expect(item).to_contain_text("文明家庭申报均已集中审核认定")
    form = item.locator("form[action$='/close/']")
    if form.locator("input[name=reason]").count():
        form.locator("input[name=reason]").fill("集中审核认定完毕")
    assert confirm_if_asked(page, form.locator("button", has_text=re.compile("结束测评阶段")))
    expect(page.locator("ul.messages")).to_contain_text("测评阶段已结束")
    page.goto(f"{base}/families/campaigns/{family.campaign.pk}/")
    expect(page.locator("#families tr", has_text="李家")).to_contain_text("未通过")
    expect(page.locator("#families tr", has_text="王家")).to_contain_text("已测评")

    log_in(phone, base, "city", PASSWORD)
    phone.goto(f"{base}/families/applications/{recommended[1].pk}/")
    expect(phone.locator("input[name='r_1.2']")).to_have_value("近两年未参加村里的公益活动")
    expect(phone.locator("input[name='r_1.2']")).to_be_disabled()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "family-review-phone")
