"""The office's tables and the top menu on a phone (390 × 844), on the demo.

One browser, one login (``admin``, who sees every office's work): the quota dashboard
(名额使用) and 审核推荐 of 清河市's campaign, the frozen ranking (测评排名) and its
模拟测算 of 白石市's, and 白石市's screening round (征求意见). On each page nothing
scrolls sideways, nothing in the main frame is wider than the screen, and the tables
are cards whose cells carry their column's name. The 菜单 button opens and closes the
menu, by touch and by keyboard; the same page at 1366 px is a table again, and without
script the menu is open, with no button.
"""

import io
import re
from typing import Any

from django.core.management import call_command
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect
from tests.e2e.conftest import log_in, shot

from wenming.campaigns.models import Campaign
from wenming.screening.models import ScreeningRound

PASSWORD = "wenming2026"
PHONE: ViewportSize = {"width": 390, "height": 844}

#: Elements of the main frame reaching past the right edge of the window, and the page's
#: own sideways scroll.
OVERFLOW = """() => {
  const width = window.innerWidth;
  const wide = [];
  for (const el of document.querySelectorAll("main.page *")) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && (box.right > width + 0.5 || box.left < -0.5)) {
      const where = `${Math.round(box.left)}–${Math.round(box.right)}`;
      wide.push(`${el.tagName.toLowerCase()}.${el.className} (${where})`);
    }
  }
  return {scroll: document.scrollingElement.scrollWidth, width, wide: wide.slice(0, 8)};
}"""

#: The label a card shows beside each cell (its ::before), for the cells given.
LABELS = """(cells) => cells.map((cell) => {
  const label = getComputedStyle(cell, "::before");
  const box = cell.getBoundingClientRect();
  const style = getComputedStyle(cell);
  return {label: label.content, text: cell.innerText.trim(), display: style.display,
          room: parseFloat(style.paddingLeft), width: box.width};
})"""


def assert_fits(page: Page, name: str) -> None:
    seen = page.evaluate(OVERFLOW)
    assert seen["width"] == PHONE["width"], f"{name}: the window widened to {seen['width']} px"
    assert seen["scroll"] <= seen["width"], f"{name}: scrolls sideways ({seen['scroll']} px)"
    assert not seen["wide"], f"{name}: wider than the screen: {seen['wide']}"


def card_cells(cells: Locator) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = cells.evaluate_all(LABELS)
    return found


def by_label(cells: Locator) -> dict[str, str]:
    return {c["label"].strip('"'): c["text"] for c in card_cells(cells)}


def test_office_tables_are_cards_on_a_phone(
    transactional_db: None, live_server: Any, browser: Browser
) -> None:
    call_command("load_frameworks", stdout=io.StringIO())
    call_command("load_demo", allow_production=True, stdout=io.StringIO())
    qinghe = Campaign.objects.get(parent__isnull=False)
    baishi = Campaign.objects.get(name__startswith="白石市")
    screening = ScreeningRound.objects.get(campaign=baishi)
    base = live_server.url

    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, base, "admin", PASSWORD)

    # The menu: folded behind 菜单, opened by a tap, closed by Escape, opened by Enter.
    toggle = page.get_by_role("button", name="菜单")
    menu_link = page.locator("nav.mainnav a", has_text="推荐考核")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_have_attribute("aria-controls", "site-menu")
    expect(menu_link).to_be_hidden()
    expect(page.get_by_role("button", name="退出")).to_be_hidden()
    toggle.tap()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu_link).to_be_visible()
    expect(page.get_by_role("button", name="退出")).to_be_visible()
    assert_fits(page, "工作台, menu open")
    shot(page, "phone-menu", full_page=False)
    page.keyboard.press("Escape")
    expect(menu_link).to_be_hidden()
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(menu_link).to_be_visible()
    menu_link.click()
    expect(page.locator("h1").first).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")

    # 名额使用: one card per recommending unit, each award's use labelled with the award.
    page.goto(f"{base}/campaigns/{qinghe.pk}/quotas/")
    assert_fits(page, "名额使用")
    county = page.locator(
        "table.quota-table tr.unit-row", has=page.locator("th", has_text="清源区")
    )
    expect(county.locator("th.unit-name")).to_be_visible()
    cells = card_cells(county.locator("td.cell:not(.cell-idle)"))
    assert cells
    assert all(c["display"] == "block" for c in cells)
    used = [c for c in cells if c["label"] == '"市级文明单位"']
    assert len(used) == 1, used
    assert re.fullmatch(r"\d+ / \d+(\n.*)*", used[0]["text"]), used
    assert used[0]["room"] >= 100, "the label has no room beside the value"
    # Awards the unit has neither a quota nor an application for are left out, and said so.
    expect(county.locator("td.cell-idle").first).to_be_hidden()
    expect(page.locator(".phone-note")).to_contain_text("只列出已有名额或已收到申报的项目")
    head = page.locator("table.quota-table thead").bounding_box()
    assert head
    assert head["width"] <= 1, "the column headers still show above the cards"
    shot(page, "e2e-phone-quota", full_page=False)
    # The same page on a desk is the table again.
    page.set_viewport_size({"width": 1366, "height": 900})
    assert page.evaluate(
        "getComputedStyle(document.querySelector('table.quota-table')).display"
    ) == ("table")
    expect(county.locator("td.cell-idle").first).to_be_visible()
    expect(page.locator(".phone-note")).to_be_hidden()
    expect(page.get_by_role("button", name="菜单")).to_be_hidden()
    expect(page.locator("nav.mainnav a", has_text="推荐考核")).to_be_visible()
    page.set_viewport_size(PHONE)

    # 审核推荐: a card per application with its decision select and 退回 inside the card.
    page.goto(f"{base}/campaigns/{qinghe.pk}/review/")
    assert_fits(page, "审核推荐")
    row = page.locator("table.review tr.status-submitted").first
    labels = by_label(row.locator("> td"))
    assert {"顺序", "申报单位", "状态", "推荐意见", "退回修改"} <= labels.keys(), labels.keys()
    assert labels["状态"] == "已申报"
    row.locator("details.return summary").click()
    expect(row.locator("textarea[name=comment]")).to_be_visible()
    assert_fits(page, "审核推荐, 退回 open")
    upload = page.locator("input[name=stamped_pdf]").first
    upload.scroll_into_view_if_needed()
    box = upload.bounding_box()
    assert box
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]

    # 测评排名: each ranked unit a card, 名次 and 总分 labelled.
    page.goto(f"{base}/assessment/campaigns/{baishi.pk}/ranking/")
    assert_fits(page, "测评排名")
    first = by_label(page.locator("table.ranking tbody tr").first.locator("> td"))
    assert first["名次"] == "1"
    assert re.fullmatch(r"\d+\.\d\d", first["总分"]), first

    # 模拟测算: the round settings (a select per round) fit; the quotas are labelled 名额.
    page.goto(f"{base}/assessment/campaigns/{baishi.pk}/ranking/what-if/")
    assert_fits(page, "模拟测算")
    settings = [
        c["label"].strip('"') for c in card_cells(page.locator("form.whatif table tbody td"))
    ]
    assert "名额" in settings, settings
    assert "多人评分合成" in settings, settings

    # 征求意见: every department a card with its buttons in it.
    page.goto(f"{base}/screening/round/{screening.pk}/")
    assert_fits(page, "征求意见")
    department = by_label(page.locator("table.departments tbody tr").first.locator("> td"))
    assert list(department)[:3] == ["部门", "已答复", "状态"], department
    assert department["已答复"].startswith("0 / ")
    # The first 催办 lies inside the screen's width. It may sit below the fold: scroll the
    # page down to it, but not sideways (a table's own frame would scroll it into reach).
    remind = page.locator("table.departments").get_by_role("button", name="催办").first
    remind.evaluate("el => window.scrollBy(0, el.getBoundingClientRect().top - 200)")
    expect(remind).to_be_in_viewport()
    box = remind.bounding_box()
    assert box, "催办 is not shown"
    assert box["x"] >= 0, f"催办 starts left of the screen ({box['x']} px)"
    assert box["x"] + box["width"] <= PHONE["width"], f"催办 reaches past the screen: {box}"
    context.close()

    # Without script the menu stays open, with no button.
    bare = browser.new_context(locale="zh-CN", viewport=PHONE, java_script_enabled=False)
    page = bare.new_page()
    log_in(page, base, "admin", PASSWORD)
    expect(page.locator("nav.mainnav a", has_text="推荐考核")).to_be_visible()
    expect(page.locator(".menu-toggle")).to_be_hidden()
    bare.close()
