"""In the browser, on the demo: an applicant applies, self-marks, uploads a valid photo
and a bad one (refused with the reason), submits; its county office recommends it; the
city office sees the county's quota use go up by one."""

import io
from datetime import timedelta
from decimal import Decimal

from django.core.management import call_command
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect
from tests.campaigns.test_evidence_files import jpeg
from tests.e2e.conftest import confirm_if_asked, log_in, shot
from tests.factories import reach_stage

from wenming.campaigns.models import Application, Campaign, SelfMark, Stage
from wenming.campaigns.selectors.applications import markable_clauses

PASSWORD = "wenming2026"
APPLICANT_ORG = "清源区政务服务中心"


def county_total(page) -> str:
    row = page.locator("tr.unit-row", has=page.locator("th", has_text="清源区"))
    return row.locator("td.row-total .use strong").inner_text()


def test_apply_submit_recommend_and_quota_use(transactional_db, live_server, page, tmp_path):
    call_command("load_demo", allow_production=True, stdout=io.StringIO())
    campaign = Campaign.objects.get(parent__isnull=False)
    base = live_server.url

    # The city office notes the county's quota use before.
    log_in(page, base, "city", PASSWORD)
    page.goto(f"{base}/campaigns/{campaign.pk}/quotas/")
    before = int(county_total(page))
    page.context.clear_cookies()

    # The applicant sees its eligible awards with reasons, and applies.
    log_in(page, base, "applicant", PASSWORD)
    page.goto(f"{base}/campaigns/{campaign.pk}/apply/")
    row = page.locator(".award-row", has=page.locator("strong", has_text="市级文明单位")).first
    expect(row.locator(".reason")).to_contain_text("可申报")
    shot(page, "e2e-applicant-workspace")
    row.locator("button.primary").click()
    expect(page.locator("h1")).to_have_text(APPLICANT_ORG)

    # Two scoring points marked in the page, saved as they are entered.
    for key, points in (("1.1", "2"), ("1.2", "1.5")):
        clause = page.locator(f"#clause-{key}".replace(".", "\\."))
        clause.locator("input[name=points]").fill(points)
        clause.locator("input[name=points]").dispatch_event("change")
        expect(page.locator(f"#clause-{key}".replace(".", "\\.")).locator(".ok")).to_have_text(
            "已保存"
        )
    application = Application.objects.get(organization__name=APPLICANT_ORG, campaign=campaign)
    assert application.self_marks.get(clause_key="1.2").points == Decimal("1.5")
    # The rest are marked off-screen: fifty more clicks would test the same thing again.
    SelfMark.objects.bulk_create(
        SelfMark(application=application, clause_key=key, points=Decimal(1))
        for key in markable_clauses(application)
        if key not in {"1.1", "1.2"}
    )

    # A valid photo and a PNG renamed .jpg, which the upload refuses.
    good = tmp_path / "道德讲堂.jpg"
    good.write_bytes(jpeg(1_700_000))
    bad_buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (0, 90, 0)).save(bad_buffer, "PNG")
    bad = tmp_path / "假照片.jpg"
    bad.write_bytes(bad_buffer.getvalue())
    page.reload()
    for path in (good, bad):
        clause = page.locator("#clause-4\\.1")
        clause.locator("details.upload summary").click()
        clause.locator("select[name=kind]").select_option("photo")
        clause.locator("input[name=file]").set_input_files(str(path))
        clause.locator("input[name=activity]").fill("道德讲堂")
        for name, value in (
            ("caption_time", "2021年3月5日"),
            ("caption_place", "本单位会议室"),
            ("caption_organizer", APPLICANT_ORG),
            ("caption_theme", "道德讲堂"),
            ("caption_participants", "全体职工"),
        ):
            clause.locator(f"input[name={name}]").fill(value)
        with page.expect_navigation():
            clause.locator("form[enctype] button").click()
    # The PNG named .jpg is refused on upload (nothing kept); the real photo is kept.
    expect(page.locator("main")).to_contain_text("文件内容与扩展名不符")
    evidence = page.locator("#clause-4\\.1 ul.evidence > li")
    expect(evidence).to_have_count(1)
    expect(evidence.filter(has_text="假照片.jpg")).to_have_count(0)
    expect(evidence.filter(has_text="道德讲堂.jpg").locator(".badge.bad")).to_have_count(0)
    shot(page, "e2e-evidence-panel", "#clause-4\\.1")

    confirm_if_asked(page, page.locator("form[action$='/submit/'] button"))
    expect(page.locator(".badge.status-submitted")).to_be_visible()
    page.context.clear_cookies()

    # Time passes: the application stage is over and the recommendation stage opens
    # (set-up; test_demo_campaign.py closes and opens stages from the campaign page).
    reach_stage(campaign, "recommendation")
    Stage.objects.filter(campaign=campaign, kind="recommendation").update(
        opens_at=timezone.now() - timedelta(hours=1)
    )

    # The county office recommends it.
    log_in(page, base, "county", PASSWORD)
    page.goto(f"{base}/campaigns/{campaign.pk}/review/")
    decision = page.locator(f"select[name=decision-{application.pk}]")
    decision.select_option("recommended")
    form_id = decision.get_attribute("form")
    confirm_if_asked(page, page.locator(f"button[form='{form_id}']"))
    # The saved page says what happened (the select shows the choice before the save lands).
    expect(page.locator("ul.messages")).to_contain_text("已推荐 1 个")
    expect(page.locator(f"select[name=decision-{application.pk}]")).to_have_value("recommended")
    application.refresh_from_db()
    assert application.status == "recommended"
    shot(page, "e2e-county-review")
    page.context.clear_cookies()

    # The city office sees the county's quota use go up by one.
    log_in(page, base, "city", PASSWORD)
    page.goto(f"{base}/campaigns/{campaign.pk}/quotas/")
    assert int(county_total(page)) == before + 1
    shot(page, "e2e-quota-dashboard")
