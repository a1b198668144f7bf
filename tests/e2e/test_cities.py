"""In the browser: the city office opens the 文明城市 pages from the campaign page, sets
the weights (50/30/20) and the shares (2 and 2), uploads the survey company's workbook
(a bad one first: nothing is saved and the row is named), enters each county's review
and questionnaire, and reads the ranking with its outcomes; on a phone the ranking reads
as cards that fit the screen. Screenshots at 1366 and 390 px."""

from playwright.sync_api import Browser, Page, expect
from tests.cities.conftest import cities  # noqa: F401 - the fixture, reused
from tests.cities.test_ranking_flow import ORDER, QUESTIONNAIRE, REVIEW, SURVEY
from tests.cities.workbooks import survey_row, survey_workbook
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot

from wenming.cities.models import SurveyResult

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(page: Page, rows, name: str) -> None:
    data = survey_workbook(rows, name=name).getvalue()
    page.set_input_files(
        "input[name=file]", files=[{"name": name, "mimeType": XLSX, "buffer": data}]
    )
    page.locator("main button.primary", has_text="导入").click()


def test_office_sets_shares_imports_the_survey_and_reads_the_ranking(
    transactional_db,
    cast,
    cities,  # noqa: F811 - the fixture
    live_server,
    browser: Browser,
    phone: Page,
):
    base = live_server.url
    desk = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = desk.new_page()
    page.set_default_timeout(15_000)
    try:
        log_in(page, base, "city", PASSWORD)
        page.goto(f"{base}/campaigns/{cities.campaign.pk}/")
        page.locator(".city-links a", has_text="测评设置").click()
        for name, value in (("survey", "50"), ("review", "30"), ("questionnaire", "20"),
                            ("named", "2"), ("nominated", "2")):  # fmt: skip
            page.fill(f"input[name={name}]", value)
        shot(page, "cities-settings-1366")
        page.locator("button", has_text="保存设置").click()
        expect(page.locator("ul.messages")).to_contain_text("文明城市测评设置已保存。")
        expect(page.locator("main")).to_contain_text("实地测评 × 50%")

        page.locator(".headline a", has_text="导入实地测评成绩").click()
        rows = [survey_row(org, SURVEY[org.name]) for org in cities.counties]
        bad = [list(r) for r in rows]
        bad[0][2] = "四百"
        upload(page, bad, "测评结果（有误）.xlsx")
        expect(page.locator(".survey-errors")).to_contain_text("第3行“样本量”须为正整数。")
        shot(page, "cities-survey-errors-1366")
        assert not SurveyResult.objects.exists()
        upload(page, rows, "测评结果.xlsx")
        expect(page.locator("ul.messages")).to_contain_text(
            "已导入 6 个县（市、区）的实地测评成绩。"
        )

        for county in cities.counties:
            row = page.locator("tr", has=page.locator("th", has_text=county.name))
            row.locator("a", has_text="录入成绩").click()
            first, second = REVIEW[county.name]
            page.fill("input[name=item_1]", first)
            page.fill("input[name=item_2]", second)
            page.locator("button", has_text="保存材料审核成绩").click()
            expect(page.locator("ul.messages")).to_contain_text("材料审核成绩已保存。")
            page.fill("input[name=rate]", str(QUESTIONNAIRE[county.name]))
            page.fill("input[name=respondents]", "300")
            page.locator("button", has_text="保存问卷调查成绩").click()
            expect(page.locator("ul.messages")).to_contain_text("问卷调查成绩已保存。")
            page.locator("main > p.muted a").first.click()

        names = page.locator("table.city-ranking tbody th .county-name")
        expect(names).to_have_text(ORDER)
        outcomes = page.locator("table.city-ranking tbody .badge")
        expect(outcomes).to_have_text(
            ["文明城市", "文明城市", "提名城市", "提名城市", "未获评", "未获评"]
        )
        expect(page.locator("table.city-ranking tbody tr").first).to_contain_text("90.60")
        expect(page.locator("main")).not_to_contain_text("成绩不全")
        shot(page, "cities-ranking-1366")
    finally:
        desk.close()

    log_in(phone, base, "city", PASSWORD)
    phone.goto(f"{base}/cities/{cities.campaign.pk}/")
    expect(phone.locator("table.city-ranking.labelled")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "cities-ranking-390")
    phone.goto(f"{base}/cities/county/{cities.applications[0].pk}/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "cities-county-390")
