"""On a phone, an assessor marks five clauses; the network drops for two of them and
comes back, and all five marks reach the database."""

from decimal import Decimal

from playwright.sync_api import expect
from tests.assessment.conftest import Assessment, assessment  # noqa: F401 - the fixture
from tests.campaigns.conftest import campaign  # noqa: F401 - the fixture it needs
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot

from wenming.assessment import services
from wenming.assessment.models import Mark


def choose(page, clause: str, method: str, points: str) -> None:
    box = page.locator(f'fieldset[data-clause="{clause}"][data-method="{method}"]')
    box.locator("label").filter(has=page.locator(f'input[value="{points}"]')).click()


def test_marks_entered_offline_are_saved_when_the_network_returns(
    transactional_db,
    cast,
    assessment: Assessment,  # noqa: F811 - the fixture imported above
    live_server,
    phone,
):
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    assignment = assessment.assignment("West Unit")  # the east group's (cast.assessor's)
    log_in(phone, live_server.url, "assessor", PASSWORD)
    phone.goto(f"{live_server.url}/assessment/")
    phone.click("text=West Unit")
    expect(phone.locator("h1")).to_have_text("West Unit")
    assert phone.url.endswith(f"/assessment/assignments/{assignment.pk}/")

    sync = phone.locator("#sync")
    choose(phone, "1.1", "material", "2.0")
    choose(phone, "1.2", "material", "1.5")
    expect(sync).to_have_text("全部已保存")

    phone.context.set_offline(True)
    choose(phone, "1.3", "material", "1.0")
    choose(phone, "4.1", "onsite", "0.5")
    expect(sync).to_have_text("2 项未保存")
    unsaved = phone.locator('fieldset[data-sync="unsaved"]')
    expect(unsaved).to_have_count(2)
    expect(unsaved.first).to_contain_text("未保存，联网后自动重试")
    assert Mark.objects.count() == 2
    shot(phone, "e2e-marking-offline")

    phone.context.set_offline(False)
    choose(phone, "2.1", "material", "2.0")
    expect(sync).to_have_text("全部已保存")
    expect(unsaved).to_have_count(0)

    saved = {
        (m.clause_key, m.method): m.points
        for m in Mark.objects.filter(assessor=cast.assessor, application=assignment.application)
    }
    assert saved == {
        ("1.1", "material"): Decimal("2"),
        ("1.2", "material"): Decimal("1.5"),
        ("1.3", "material"): Decimal("1"),
        ("4.1", "onsite"): Decimal("0.5"),
        ("2.1", "material"): Decimal("2"),
    }
    shot(phone, "e2e-marking-saved")
