"""In the browser: the city office builds a small framework in the editor (two items, three
criteria, a threshold indicator and a bonus item), is refused a criterion whose scoring
points add up to more than its points, fixes it and publishes; the YAML it exports imports
back unchanged and exports again byte for byte. On a phone the editor fits the screen."""

from collections.abc import Iterator

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect
from tests.conftest import PASSWORD
from tests.e2e.conftest import confirm_if_asked, log_in, shot

from wenming.domain.framework_data import dump
from wenming.frameworks.exchange import parse, to_bytes
from wenming.frameworks.services import framework_validate


@pytest.fixture
def wide(browser: Browser) -> Iterator[Page]:
    """A desktop window 1366 px wide, the offices' most common screen."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _clause(page: Page, row: int, points: str, text: str, method: str, departments: str) -> None:
    page.fill(f"input[name=rows-{row}-points]", points)
    page.fill(f"textarea[name=rows-{row}-text]", text)
    page.check(f"input[name=rows-{row}-methods][value={method}]")
    page.fill(f"input[name=rows-{row}-departments]", departments)


def _save(page: Page) -> None:
    page.locator("#editor-form button[type=submit]").click()


def _create(page: Page, base: str) -> None:
    page.goto(f"{base}/frameworks/")
    page.locator("a", has_text="新建测评体系").click()
    page.fill("input[name=code]", "qinghe-unit-2026")
    page.fill("input[name=name]", "清河市文明单位测评细则（2026年版）")
    page.fill("input[name=issuing_body]", "清河市文明办")
    page.select_option("select[name=category]", "unit")
    page.select_option("select[name=level]", "municipal")
    page.fill("input[name=edition]", "2026年版")
    page.fill("input[name=item-name]", "思想道德建设")
    page.fill("input[name=criterion-points]", "4")
    page.fill("textarea[name=criterion-text]", "开展社会公德、职业道德主题实践活动。")
    _clause(page, 0, "2", "开展社会公德主题实践活动。", "material", "办公室、工会")
    _clause(page, 1, "2", "开展职业道德主题实践活动。", "onsite", "机关党委")
    shot(page, "framework-editor-new")
    _save(page)
    expect(page.locator("ul.messages")).to_contain_text("已创建草稿")
    expect(page.locator("h1")).to_have_text("编辑测评体系")


def _second_criterion(page: Page) -> None:
    page.locator("#item-0").get_by_role("link", name="添加测评标准").click()
    expect(page.locator("input[name=number]")).to_have_value("2")
    page.fill("input[name=points]", "2")
    page.fill("textarea[name=text]", "群众办事满意率不低于80%。")
    _clause(page, 0, "2", "群众办事满意率不低于80%。", "questionnaire", "办公室")
    _save(page)
    expect(page.locator("ul.messages")).to_contain_text("测评项目“思想道德建设”现为 6 分。")


def _second_item_refused_then_fixed(page: Page) -> None:
    page.get_by_role("link", name="添加测评项目").click()
    expect(page.locator("input[name=item-number]")).to_have_value("2")
    expect(page.locator("input[name=criterion-number]")).to_have_value("3")
    page.fill("input[name=item-name]", "文明优质服务")
    page.fill("input[name=criterion-points]", "4")
    page.fill("textarea[name=criterion-text]", "服务规范，窗口文明。")
    _clause(page, 0, "2", "服务规范。", "onsite", "业务科")
    _clause(page, 1, "3", "窗口文明。", "onsite", "业务科")
    _save(page)
    errors = page.locator("#editor-errors")
    expect(errors).to_contain_text("第 3 条测评标准的分值为 4 分，但其评分要点合计 5 分。")
    expect(page.locator("input[name=rows-1-points]")).to_have_value("3")  # the input is kept
    expect(page.locator("input[name=item-name]")).to_have_value("文明优质服务")
    shot(page, "framework-editor-refused")
    page.fill("input[name=rows-1-points]", "2")
    _save(page)
    expect(page.locator("ul.messages")).to_contain_text("已保存")
    expect(page.locator("#item-1")).to_contain_text("文明优质服务")
    expect(page.locator("#editor-total")).to_have_text("10")


def _threshold_and_bonus(page: Page) -> None:
    page.get_by_role("link", name="添加达标指标").click()
    page.select_option("select[name=criterion]", "2")
    page.select_option("select[name=rows-0-kind]", "questionnaire")
    page.select_option("select[name=rows-0-questionnaire]", "public_satisfaction")
    page.fill("input[name=rows-0-minimum]", "80")
    _save(page)
    expect(page.locator("#thresholds")).to_contain_text("第 2 条")
    expect(page.locator("#thresholds")).to_contain_text("≥ 80%")

    page.get_by_role("link", name="添加加分项目").click()
    page.fill("input[name=key]", "honor_titles")
    page.fill("input[name=name]", "荣誉称号")
    page.fill("input[name=cap]", "5")
    page.fill("input[name=window_start]", "2024-01-01")
    page.fill("input[name=window_end]", "2025-12-31")
    page.select_option("select[name=rows-0-level]", "national")
    page.fill("input[name=rows-0-points]", "2")
    page.select_option("select[name=rows-1-level]", "municipal")
    page.fill("input[name=rows-1-points]", "0.2")
    _save(page)
    expect(page.locator("#bonuses")).to_contain_text("荣誉称号")
    expect(page.locator("#bonuses")).to_contain_text("每项 +0.2 分")


def _download_yaml(page: Page) -> bytes:
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 YAML").click()
    path = download.value.path()
    return path.read_bytes()


def test_office_builds_a_framework_fixes_a_sum_and_publishes(
    transactional_db, cast, live_server, wide: Page, phone: Page, tmp_path
):
    base = live_server.url
    log_in(wide, base, "city", PASSWORD)
    _create(wide, base)
    _second_criterion(wide)
    _second_item_refused_then_fixed(wide)
    _threshold_and_bonus(wide)
    editor_url = wide.url.split("#")[0]
    shot(wide, "framework-editor")

    log_in(phone, base, "city", PASSWORD)
    phone.goto(editor_url)
    expect(phone.locator("#item-1")).to_contain_text("文明优质服务")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "framework-editor-phone")
    phone.locator("#item-1").get_by_role("link", name="修改").nth(1).click()
    expect(phone.locator("input[name=rows-1-points]")).to_have_value("2")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "framework-editor-criterion-phone")
    phone.goto(f"{base}/frameworks/new/")
    expect(phone.locator("h1")).to_have_text("新建测评体系")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "framework-editor-new-phone")

    assert confirm_if_asked(wide, wide.locator("#editor-publish"))
    expect(wide.locator("ul.messages")).to_contain_text("已启用。")
    expect(wide.locator("main")).to_contain_text("使用中")
    expect(wide.locator("#framework-total")).to_have_text("10")

    exported = _download_yaml(wide)
    document = yaml.safe_load(exported)
    assert [item["points"] for item in document["items"]] == ["6", "4"]
    assert document["items"][1]["criteria"][0]["clauses"][1]["points"] == "2"
    assert document["thresholds"][0]["criterion"] == 2
    assert document["bonuses"][0]["levels"][1] == {"level": "municipal", "points": "0.2"}
    # The importer reads it back to the same document, written to the same bytes ...
    assert to_bytes(dump(framework_validate(parse(exported, "yaml"))), "yaml") == exported
    # ... and the import page finds it unchanged, and the next export is the same file.
    upload = tmp_path / "qinghe-unit-2026.yaml"
    upload.write_bytes(exported)
    wide.goto(f"{base}/frameworks/import/")
    wide.locator("input[name=file]").set_input_files(str(upload))
    wide.locator("button.primary", has_text="导入").click()
    expect(wide.locator("ul.messages")).to_contain_text("内容与现有版本相同，未做改动。")
    assert _download_yaml(wide) == exported

    # Published, it is frozen: the editor offers a revision instead of its forms.
    wide.get_by_role("link", name="编辑", exact=True).click()
    expect(wide.locator("#editor-frozen")).to_contain_text("已冻结")
    expect(wide.get_by_role("link", name="添加测评项目")).to_have_count(0)
