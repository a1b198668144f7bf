"""On a phone, a finished publicity still reads at its address, marked 已结束, with no way
to object and with its full public address (SITE_URL) and QR code to pass on."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect
from tests.e2e.conftest import shot
from tests.publicity.conftest import screened  # noqa: F401 - the fixture
from tests.screening.conftest import campaign, screening  # noqa: F401 - fixtures

from wenming.documents.style import date_words
from wenming.publicity import services
from wenming.publicity.calendars import end_date
from wenming.publicity.models import Publicity
from wenming.registry.models import Organization

NAMES = {
    "East Unit": "清源区政务服务中心",
    "East Extra": "清源区人民医院",
    "West Unit": "西山县实验中学",
}


def test_a_finished_publicity_reads_as_ended_with_its_address_and_qr_code(
    transactional_db,
    screened,  # noqa: F811 - the fixture imported above
    cast,
    live_server,
    phone,
    settings,
):
    settings.SITE_URL = "https://wenming.example.gov.cn"
    # Chinese names for the screenshot (the fixture's units are named in English).
    for english, chinese in NAMES.items():
        Organization.objects.filter(name=english).update(name=chinese)
    publicity = services.publicity_publish(
        acting_user=cast.city,
        campaign=screened.setup.campaign,
        starts_on=timezone.localdate(),
        contact_phone="0737-1234567",
    )
    # The period has passed: it began some weeks ago and ended, by the working-day
    # calendar, before today (so the page's span reads true to its 个工作日).
    today = timezone.localdate()
    days = screened.setup.campaign.publicity_days
    starts_on = today - timedelta(days=14)
    while end_date(starts_on, days) >= today:
        starts_on -= timedelta(days=7)
    ends_on = end_date(starts_on, days)
    Publicity.objects.filter(pk=publicity.pk).update(starts_on=starts_on, ends_on=ends_on)
    phone.goto(f"{live_server.url}/publicity/{publicity.pk}/")
    expect(phone.locator("h1 .badge")).to_have_text("已结束")
    expect(phone.locator("p.ended")).to_have_text("公示期已结束，不再受理异议。")
    expect(phone.locator("ol.roster")).to_contain_text("清源区人民医院")
    span = f"{date_words(starts_on)}至{date_words(ends_on)}（{days}个工作日）"
    expect(phone.locator("main")).to_contain_text(span)
    expect(phone.locator("text=在线提出异议")).to_have_count(0)
    address = f"https://wenming.example.gov.cn/publicity/{publicity.pk}/"
    expect(phone.locator("a.share-url")).to_have_text(address)
    qr = phone.locator("img.share-qr")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth") > 0  # the data: image loads under the CSP
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(phone, "publicity-ended-phone")
