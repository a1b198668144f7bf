"""In the browser: the city office revises the built-in family starter (文明家庭创建标准（示例）,
a checklist) into a draft, adds a condition to an item, is refused the condition while its
text is empty, fixes it, adds an item and publishes; the YAML it exports imports back
unchanged and exports again byte for byte. On a phone the editor fits the screen."""

import io
from collections.abc import Iterator

import pytest
import yaml
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect
from tests.conftest import PASSWORD
from tests.e2e.conftest import confirm_if_asked, log_in, shot

from wenming.domain.framework_data import dump
from wenming.frameworks.exchange import parse, to_bytes
from wenming.frameworks.models import Framework
from wenming.frameworks.services import framework_validate


@pytest.fixture
def wide(browser: Browser) -> Iterator[Page]:
    """A desktop window 1366 px wide, the offices' most common screen."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def family(transactional_db) -> Framework:
    """The built-in family starter, loaded (and put in use) by the command."""
    call_command("load_frameworks", stdout=io.StringIO())
    return Framework.objects.get(code="family-example")


def _save(page: Page) -> None:
    page.locator("#editor-form button[type=submit]").click()


def _revise(page: Page, base: str, family: Framework) -> None:
    page.goto(f"{base}/frameworks/{family.pk}/edit/")
    expect(page.locator("h1")).to_have_text("编辑创建标准（达标制）")
    expect(page.locator("#editor-frozen")).to_contain_text("已冻结")
    page.get_by_role("button", name="修订（生成新版本）").click()
    expect(page.locator("ul.messages")).to_contain_text("已生成第 2 版草稿，可以修改。")
    expect(page.locator("#header")).to_contain_text("8 个标准项目，13 项达标条件")


def _condition_refused_then_fixed(page: Page) -> None:
    page.locator("#item-1").get_by_role("link", name="修改").click()
    expect(page.locator("h1")).to_have_text("修改标准项目")
    expect(page.locator("input[name=rows-0-key]")).to_have_value("2.1")
    page.fill("input[name=rows-1-departments]", "村（社区）、文明办")
    page.check("input[name=rows-1-methods][value=onsite]")
    _save(page)
    expect(page.locator("#editor-errors")).to_contain_text("达标条件 2.2 缺少内容。")
    expect(page.locator("input[name=rows-1-departments]")).to_have_value("村（社区）、文明办")
    shot(page, "checklist-editor-refused")
    page.fill("textarea[name=rows-1-text]", "积极参与文明交通、文明旅游等文明实践活动。")
    _save(page)
    expect(page.locator("ul.messages")).to_contain_text("标准项目“遵德守礼”现有 2 项达标条件。")
    expect(page.locator("#condition-2\\.2")).to_contain_text("文明交通")


def _new_item(page: Page) -> None:
    page.get_by_role("link", name="添加标准项目").click()
    expect(page.locator("input[name=number]")).to_have_value("9")
    page.fill("input[name=name]", "文明上网")
    page.fill("textarea[name=rows-0-text]", "家庭成员文明上网，不传播谣言和不良信息。")
    page.check("input[name=rows-0-methods][value=material]")
    page.fill("input[name=rows-0-departments]", "网信办")
    _save(page)
    expect(page.locator("#item-8")).to_contain_text("文明上网")
    expect(page.locator("#header")).to_contain_text("9 个标准项目，15 项达标条件")


def _download_yaml(page: Page) -> bytes:
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 YAML").click()
    return download.value.path().read_bytes()


def _on_a_phone(phone: Page, base: str, editor_url: str) -> None:
    log_in(phone, base, "city", PASSWORD)
    phone.goto(editor_url)
    expect(phone.locator("#item-8")).to_contain_text("文明上网")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "checklist-editor-phone")
    phone.locator("#item-1").get_by_role("link", name="修改").click()
    expect(phone.locator("input[name=rows-1-key]")).to_have_value("2.2")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "checklist-editor-item-phone")
    phone.goto(f"{base}/frameworks/new/checklist/")
    expect(phone.locator("h1")).to_have_text("新建创建标准（达标制）")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "checklist-editor-new-phone")


def test_office_revises_the_family_starter_fixes_a_condition_and_publishes(
    transactional_db, cast, family, live_server, wide: Page, phone: Page, tmp_path
):
    base = live_server.url
    log_in(wide, base, "city", PASSWORD)
    _revise(wide, base, family)
    _condition_refused_then_fixed(wide)
    _new_item(wide)
    editor_url = wide.url.split("#")[0]
    shot(wide, "checklist-editor")
    _on_a_phone(phone, base, editor_url)

    wide.goto(f"{base}/frameworks/")
    wide.get_by_role("link", name="新建创建标准（达标制）").click()
    expect(wide.locator("select[name=category]")).to_have_value("family")
    expect(wide.locator("input[name=step]")).to_have_count(0)
    shot(wide, "checklist-editor-new")

    wide.goto(editor_url)
    assert confirm_if_asked(wide, wide.locator("#editor-publish"))
    expect(wide.locator("ul.messages")).to_contain_text("已启用。")
    expect(wide.locator("main")).to_contain_text("使用中")

    exported = _download_yaml(wide)
    document = yaml.safe_load(exported)
    assert document["version"] == 2
    assert "step" not in document
    assert document["items"][1]["conditions"][1] == {
        "key": "2.2",
        "text": "积极参与文明交通、文明旅游等文明实践活动。",
        "methods": ["onsite"],
        "departments": ["村（社区）", "文明办"],
    }
    assert document["items"][8]["name"] == "文明上网"
    # The importer reads it back to the same document, written to the same bytes ...
    assert to_bytes(dump(framework_validate(parse(exported, "yaml"))), "yaml") == exported
    # ... and the import page finds it unchanged, and the next export is the same file.
    upload = tmp_path / "family-example.yaml"
    upload.write_bytes(exported)
    wide.goto(f"{base}/frameworks/import/")
    wide.locator("input[name=file]").set_input_files(str(upload))
    wide.locator("button.primary", has_text="导入").click()
    expect(wide.locator("ul.messages")).to_contain_text("内容与现有版本相同，未做改动。")
    assert _download_yaml(wide) == exported
