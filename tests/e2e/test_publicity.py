"""On a phone, someone with no login opens the publicity page and lodges an objection;
the office then sees it on its publicity page."""

from django.utils import timezone
from playwright.sync_api import Browser, expect
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot
from tests.publicity.conftest import screened  # noqa: F401 - the fixture
from tests.screening.conftest import campaign, screening  # noqa: F401 - fixtures

from wenming.publicity import services
from wenming.publicity.models import Objection


def test_a_member_of_the_public_objects_from_a_phone_and_the_office_sees_it(
    transactional_db,
    screened,  # noqa: F811 - the fixture imported above
    cast,
    live_server,
    phone,
    browser: Browser,
):
    base = live_server.url
    running = screened.setup.campaign
    services.publicity_publish(
        acting_user=cast.city,
        campaign=running,
        starts_on=timezone.localdate(),
        contact_phone="0737-1234567",
    )
    phone.goto(f"{base}/publicity/")
    phone.click("text=查看名单")
    expect(phone.locator("a.call")).to_have_attribute("href", "tel:0737-1234567")
    expect(phone.locator("ol.roster")).to_contain_text("East Extra")
    phone.click("text=在线提出异议")
    phone.select_option("select[name=application]", label="East Extra（市级文明单位）")
    phone.fill("textarea[name=reasons]", "The unit dumps waste in the river at night.")
    phone.fill("input[name=contact]", "13800000000")
    phone.wait_for_timeout(3200)  # the form refuses a submission faster than a person types
    phone.click("button.primary")
    expect(phone.locator("h1")).to_contain_text("异议已提交")
    shot(phone, "e2e-publicity-objection-phone")
    assert Objection.objects.get().application == screened.apps["East Extra"]

    office = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860})
    try:
        page = office.new_page()
        log_in(page, base, "city", PASSWORD)
        page.goto(f"{base}/publicity/campaign/{running.pk}/")
        expect(page.locator("section.objections")).to_contain_text(
            "The unit dumps waste in the river at night."
        )
        expect(page.locator("section.objections")).to_contain_text("调查核实中")
    finally:
        office.close()
