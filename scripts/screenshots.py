"""Take the README's screenshots from a running demo (``make run`` or any server).

Usage: .venv/bin/python scripts/screenshots.py [BASE_URL]   (default http://127.0.0.1:8000)
Writes PNG files to docs/screenshots/. Uses the system Chromium.

The campaign walk's screenshots come from its browser test instead, which drives the
demo through every stage (a running demo cannot be walked twice):

    .venv/bin/python -m pytest -q tests/e2e/test_demo_campaign.py
    .venv/bin/python scripts/screenshots.py walk    # copies them into docs/screenshots/

The office's tables on a phone and a desk, 发文设置 and the person picker, from a freshly
loaded demo (it saves 发文设置):

    .venv/bin/python scripts/screenshots.py office [BASE_URL]
"""

import io
import os
import shutil
import sys
from pathlib import Path

from openpyxl import Workbook
from playwright.sync_api import FloatRect, Page, ViewportSize, sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
SHOTS = ROOT / "var" / "screenshots"
#: The walk's screenshots the README shows, one or two per stage.
WALK = [
    "campaign-01-apply",
    "campaign-02-recommend",
    "campaign-03-stages",
    "campaign-04-assign",
    "campaign-05-mark-phone",
    "campaign-06-ranking",
    "campaign-07-screening",
    "campaign-08-paper-reply",
    "campaign-09-screening-answered",
    "campaign-10-publicity-phone",
    "campaign-11-committee",
    "campaign-12-naming",
    "campaign-13-closed",
    "campaign-14-quotas",
    "campaign-15-verify-phone",
]


def copy_walk() -> None:
    """Copy the walk's screenshots (tests/e2e/test_demo_campaign.py) into docs/."""
    missing = [name for name in WALK if not (SHOTS / f"{name}.png").exists()]
    if missing:
        sys.exit(f"run tests/e2e/test_demo_campaign.py first; missing: {', '.join(missing)}")
    for name in WALK:
        shutil.copyfile(SHOTS / f"{name}.png", OUT / f"{name}.png")


ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def bad_workbook() -> bytes:
    """A small import with three mistakes, to show the error page."""
    book = Workbook()
    sheet = book.active
    sheet.title = "组织"
    sheet.append(
        ["编码*", "名称*", "类型*", "单位性质", "所属地区区划代码*", "职工人数", "在职党员数"]
    )
    sheet.append(["SHOT0001", "清河市示例单位一", "单位", "事业单位", "990102", 80, 20])
    sheet.append(["SHOT0002", "清河市示例单位二", "飞船", "事业单位", "990102", 80, 20])
    sheet.append(["SHOT0003", "清河市示例单位三", "单位", "事业单位", "000000", 80, 20])
    sheet.append(["SHOT0004", "清河市示例单位四", "单位", "事业单位", "990102", 30, 45])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="zh-CN")
        page.goto(f"{BASE}/login/")
        page.fill("input[name=username]", "city")
        page.fill("input[name=password]", "wenming2026")
        page.click("button.primary")
        page.wait_for_url(f"{BASE}/")
        page.screenshot(path=str(OUT / "home-city.png"), full_page=True)
        page.goto(f"{BASE}/organizations/")
        page.screenshot(path=str(OUT / "organization-list.png"))
        page.goto(
            f"{BASE}/organizations/?kind=unit&q=%E6%B8%85%E6%BA%90%E5%8C%BA%E6%94%BF%E5%8A%A1"
        )
        page.locator("table.data tbody a").first.click()
        page.screenshot(path=str(OUT / "organization-history.png"), full_page=True)
        page.goto(f"{BASE}/organizations/import/")
        page.set_input_files(
            "input[type=file]",
            files=[
                {
                    "name": "units.xlsx",
                    "mimeType": "application/octet-stream",
                    "buffer": bad_workbook(),
                }
            ],
        )
        page.click("button.primary")
        page.wait_for_selector("table.errors", timeout=30_000)
        page.screenshot(path=str(OUT / "import-errors.png"), full_page=True)
        phone = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN")
        phone.goto(f"{BASE}/login/")
        phone.fill("input[name=username]", "applicant")
        phone.fill("input[name=password]", "wenming2026")
        phone.click("button.primary")
        phone.wait_for_url(f"{BASE}/")
        phone.screenshot(path=str(OUT / "applicant-phone.png"), full_page=True)
        browser.close()


#: Where to end a long page's picture at most ``limit`` px down: below the last card, table
#: row or section that ends by then, so nothing is cut through.
CUT = """(limit) => {
  const page = document.scrollingElement.scrollHeight;
  if (page <= limit) return page;
  let end = 0;
  for (const el of document.querySelectorAll(
      "main.page > *, main.page section, main.page .card, main.page tr, main.page li")) {
    const bottom = el.getBoundingClientRect().bottom + window.scrollY;
    if (bottom <= limit - 12 && bottom > end) end = bottom;
  }
  return Math.ceil(end + 12);
}"""
PHONE: ViewportSize = {"width": 390, "height": 844}
DESK: ViewportSize = {"width": 1366, "height": 900}


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "wenming2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")


def campaign_url(page: Page, base: str, starts: str) -> str:
    """The campaign page of the demo campaign whose name starts with ``starts``."""
    page.goto(f"{base}/campaigns/")
    href = page.locator("main a", has_text=starts).first.get_attribute("href")
    if not href:
        sys.exit(f"no demo campaign named {starts}…; run load_demo first")
    return f"{base}{href}"


def office_shots(base: str) -> None:
    """The office's tables on a phone (390 px, phone-*.png) and a desk (1366 px, desk-*.png),
    发文设置 (letterhead-settings.png) and the person picker (member-picker.png), from a
    freshly loaded demo (``load_frameworks``, ``load_demo``; 发文设置 is saved)."""
    with sync_playwright() as p:
        # A Chinese browser: a file input reads 选择文件, as on an office machine (needs
        # Chromium's zh-CN locale, Debian's chromium-l10n; LANGUAGE picks it on Linux).
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            headless=True,
            args=[*ARGS, "--lang=zh-CN"],
            env={**os.environ, "LANGUAGE": "zh_CN:zh", "LANG": "zh_CN.UTF-8"},
        )
        desk = browser.new_page(viewport=DESK, locale="zh-CN")
        log_in(desk, base, "admin")
        qinghe = campaign_url(desk, base, "第二十届省级、市级")
        baishi = campaign_url(desk, base, "白石市")
        baishi_pk = baishi.rstrip("/").rsplit("/", 1)[1]
        desk.goto(f"{base}/screening/")
        # The demo's one screening round (白石市's).
        screening = desk.locator("main a[href*='/screening/round/']").first.get_attribute("href")
        pages = {
            "quota": f"{qinghe}quotas/",
            "review": f"{qinghe}review/",
            "ranking": f"{base}/assessment/campaigns/{baishi_pk}/ranking/",
            "screening": f"{base}{screening}",
        }
        for name, url in pages.items():
            desk.goto(url)
            height = desk.evaluate(CUT, 1600)
            clip: FloatRect = {"x": 0, "y": 0, "width": DESK["width"], "height": height}
            desk.screenshot(path=str(OUT / f"desk-{name}.png"), full_page=True, clip=clip)
        context = browser.new_context(
            viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True
        )
        phone = context.new_page()
        log_in(phone, base, "admin")
        for name, url in pages.items():
            phone.goto(url)
            height = phone.evaluate(CUT, 2000)
            phone.set_viewport_size({"width": PHONE["width"], "height": height})
            phone.screenshot(path=str(OUT / f"phone-{name}.png"))
            phone.set_viewport_size(PHONE)
        phone.goto(f"{base}/")
        phone.get_by_role("button", name="菜单").tap()
        phone.screenshot(path=str(OUT / "phone-menu.png"))
        context.close()

        # 发文设置 of the city office, its 机关代字 typed in.
        office = browser.new_page(viewport={"width": 1280, "height": 800}, locale="zh-CN")
        log_in(office, base, "city")
        office.locator("nav.mainnav a", has_text="发文设置").click()
        office.fill("#id_number_code", "清文明办")
        office.fill("#id_copies_to", "市委宣传部\n市直各单位\n各县（市、区）文明办")
        office.get_by_role("button", name="保存").click()
        office.locator(".messages").wait_for()
        office.screenshot(path=str(OUT / "letterhead-settings.png"), full_page=True)

        # 添加成员 on the demo's assignment board, a name typed in part and picked.
        desk.goto(f"{base}/assessment/rounds/1/")
        form = desk.locator("form[action$='/members/']")
        form.locator("input[type=search]").fill("立新")
        form.locator("button.person-match").first.click()
        form.locator(".picked").wait_for()
        form.screenshot(path=str(OUT / "member-picker.png"))
        browser.close()


if __name__ == "__main__":
    if sys.argv[1:] == ["walk"]:
        copy_walk()
    elif sys.argv[1:2] == ["office"]:
        office_shots(sys.argv[2] if len(sys.argv) > 2 else "http://127.0.0.1:8000")
    else:
        main()
