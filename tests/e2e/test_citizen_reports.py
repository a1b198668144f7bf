"""随手拍 in the browser (issue 16 §3 acceptance): on a phone, a citizen files a report with
a photo at an inspection point and is given a tracking code; the office, signed in through
the login page, routes it to the point's unit; the unit's contact, signed in, answers it
through the supervision item's feedback; the citizen, by the tracking code, reads the answer.

Set-up before the browser starts (as the other walks do): the city, its office and a unit,
three inspection points, the city's outline, and two earlier reports at other points, so the
map has more than one dot. After that only the screens write, and no date is moved.
Screenshots (var/screenshots/reports-*.png, copied to docs/screenshots/): the public form,
the done page and the answer by code at 390 px, the office's map and list at 1366 px.
"""

import io
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Browser, Page, ViewportSize, expect
from tests.campaigns.photos import scene
from tests.conftest import PASSWORD
from tests.e2e.conftest import confirm_if_asked, log_in, shot
from tests.factories import OrganizationFactory, RegionFactory, UserFactory, with_role

from wenming.accounts.models import Role
from wenming.reports import services
from wenming.reports.models import InspectionPoint

PHONE: ViewportSize = {"width": 390, "height": 844}
DESK: ViewportSize = {"width": 1366, "height": 900}
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ANSWER = "已于当日清运垃圾，并在市场东门增设两个分类垃圾桶，安排专人每日巡查。"
#: The city's outline, roughly (lng, lat), closed.
OUTLINE = [[116.60, 39.86], [116.74, 39.85], [116.78, 39.92], [116.72, 39.98],
           [116.62, 39.97], [116.58, 39.91], [116.60, 39.86]]  # fmt: skip


def docs_shot(page: Page, name: str, *, full_page: bool = True) -> None:
    """A screenshot for the README: var/screenshots, then docs/screenshots."""
    path = shot(page, name, full_page=full_page)
    DOCS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, DOCS / path.name)


def photo() -> bytes:
    out = io.BytesIO()
    scene(16, (800, 600)).save(out, "JPEG", quality=85)
    return out.getvalue()


def upload(name: str = "IMG_0416.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, photo(), content_type="image/jpeg")


def set_up() -> InspectionPoint:
    """The city of 潞城, its office, the city management bureau with its contact, three
    points, the outline, and two earlier reports."""
    city = RegionFactory(code="983000", name="潞城市", level="city")
    office = with_role(
        UserFactory(username="office", display_name="王芳"), Role.OFFICE, region=city
    )
    bureau = OrganizationFactory(name="潞城市城市管理局", region=city)
    with_role(
        UserFactory(username="bureau", display_name="赵强"), Role.APPLICANT, organization=bureau
    )
    outline = {"type": "FeatureCollection", "features": [{"type": "Feature",
               "properties": {"code": city.code},
               "geometry": {"type": "Polygon", "coordinates": [OUTLINE]}}]}  # fmt: skip
    services.outlines_import(acting_user=office, office=city, data=json.dumps(outline).encode())
    places = [
        ("东门菜市场", "market", "116.700", "39.905"),
        ("人民路与新华大街路口", "crossing", "116.655", "39.930"),
        ("阳光花园小区", "estate", "116.630", "39.885"),
    ]
    points = [
        services.point_save(
            acting_user=office,
            office=city,
            name=name,
            kind=kind,
            lng=Decimal(lng),
            lat=Decimal(lat),
            organization=bureau,
        )
        for name, kind, lng, lat in places
    ]
    for point, category, text in [
        (points[1], "parking", "早高峰路口机动车乱停，堵住人行道。"),
        (points[2], "facilities", "小区门口路灯坏了一周。"),
    ]:
        services.report_file(
            acting_user=AnonymousUser(),
            office=city,
            category=category,
            description=text,
            photo=services.photo_check(upload()),
            point=point,
        )
    return points[0]


def test_a_citizen_report_is_routed_answered_and_read_back(
    transactional_db, live_server, browser: Browser
):
    point = set_up()
    base = live_server.url
    contexts = []

    def person(viewport: ViewportSize, username: str = "") -> Page:
        phone = viewport["width"] < 500
        context = browser.new_context(
            locale="zh-CN", viewport=viewport, is_mobile=phone, has_touch=phone
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        if username:
            log_in(page, base, username, PASSWORD)
        return page

    try:
        # The citizen, on a phone, from the office's public address (its QR code).
        citizen = person(PHONE)
        citizen.goto(f"{base}/reports/new/983000/")
        expect(citizen.locator("h1")).to_have_text("随手拍")
        citizen.set_input_files(
            "input[name=photo]",
            files=[{"name": "IMG_0416.jpg", "mimeType": "image/jpeg", "buffer": photo()}],
        )
        citizen.select_option("select[name=point]", label=point.name)
        citizen.select_option("select[name=category]", label="环境卫生")
        citizen.fill("textarea[name=description]", "菜市场东门垃圾堆了两天没人清，气味很大。")
        citizen.fill("input[name=contact]", "13800138000")
        docs_shot(citizen, "reports-public-form-390")
        citizen.wait_for_timeout(3_000)  # people take a few seconds; the guard asks for three
        citizen.click("form.report-form button.primary")
        expect(citizen.locator("h1")).to_have_text("已收到您的反映")
        code = citizen.locator("[data-tracking-code]").inner_text().strip()
        assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code), code
        docs_shot(citizen, "reports-done-390")
        citizen.click("text=查看办理情况")
        expect(citizen.locator("[data-status]")).to_have_text("已受理")

        # The office: 随手拍 in the menu, the group at the market, routed to the bureau.
        desk = person(DESK, "office")
        desk.click("nav.mainnav >> text=随手拍")
        expect(desk.locator("h1")).to_have_text("随手拍与12345")
        row = desk.locator("table.data tbody tr", has_text=point.name)
        expect(row).to_contain_text("已受理")
        row.locator("a").first.click()
        expect(desk.locator("h1")).to_contain_text("东门菜市场 · 环境卫生")
        expect(desk.locator("main")).to_contain_text("菜市场东门垃圾堆了两天没人清")
        expect(desk.locator("select[name=organization] option:checked")).to_have_text(
            "潞城市城市管理局"
        )
        desk.fill("input[name=deadline]", "2099-12-31")
        assert confirm_if_asked(desk, desk.locator("button", has_text="转办责任单位"))
        expect(desk.locator("ul.messages")).to_contain_text("已转为督办事项")
        expect(desk.locator("h1 .badge")).to_have_text("办理中")

        # The citizen sees it handled, and by whom.
        citizen.reload()
        expect(citizen.locator("[data-status]")).to_have_text("办理中")
        expect(citizen.locator("dl.facts")).to_contain_text("潞城市城市管理局")

        # The bureau's contact answers through the supervision item.
        unit = person(DESK, "bureau")
        unit.goto(f"{base}/supervision/")
        unit.click("text=东门菜市场：环境卫生")
        unit.fill("textarea[name=feedback]", ANSWER)
        unit.click("text=提交反馈")
        expect(unit.locator("ul.messages")).to_contain_text("已提交整改反馈")

        # The citizen, by the code typed back in lower case, reads the answer.
        citizen.goto(f"{base}/reports/track/")
        citizen.fill("input[name=code]", code.lower())
        citizen.click("button.primary")
        expect(citizen.locator("[data-status]")).to_have_text("已答复")
        expect(citizen.locator("[data-answer]")).to_have_text(ANSWER)
        docs_shot(citizen, "reports-track-answer-390")

        # The office's map and list: three points, two open groups still handled by it.
        desk.goto(f"{base}/reports/")
        expect(desk.locator(".report-map svg circle.point")).to_have_count(3)
        expect(desk.locator(".report-map svg circle.report")).to_have_count(3)
        expect(desk.locator("table.data tbody tr", has_text=point.name)).to_contain_text("已答复")
        docs_shot(desk, "reports-office-map-1366")
    finally:
        for context in contexts:
            context.close()
