"""Take the README's screenshots from a running demo (``make run`` or any server).

Usage: .venv/bin/python scripts/screenshots.py [BASE_URL]   (default http://127.0.0.1:8000)
Writes PNG files to docs/screenshots/. Uses the system Chromium.

The campaign walk's screenshots come from its browser test instead, which drives the
demo through every stage (a running demo cannot be walked twice):

    .venv/bin/python -m pytest -q tests/e2e/test_demo_campaign.py
    .venv/bin/python scripts/screenshots.py walk    # copies them into docs/screenshots/
"""

import io
import shutil
import sys
from pathlib import Path

from openpyxl import Workbook
from playwright.sync_api import sync_playwright

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


if __name__ == "__main__":
    if sys.argv[1:] == ["walk"]:
        copy_walk()
    else:
        main()
