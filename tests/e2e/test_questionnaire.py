"""On a phone, a member of the public opens a questionnaire link without logging in,
answers it, and the applicant's satisfaction rate counts the answer."""

from playwright.sync_api import expect
from tests.assessment.conftest import Assessment, assessment  # noqa: F401 - the fixture
from tests.campaigns.conftest import campaign  # noqa: F401 - the fixture it needs

from wenming.assessment import services
from wenming.assessment.thresholds import questionnaire_results


def test_a_phone_answers_a_questionnaire_through_its_public_link(
    transactional_db,
    cast,
    assessment: Assessment,  # noqa: F811 - the fixture imported above
    live_server,
    phone,
):
    app = assessment.apps["East Unit"]
    [token] = services.questionnaire_tokens_issue(
        acting_user=cast.city, application=app, kind="public", count=1
    )
    phone.goto(f"{live_server.url}/assessment/q/{token.token}/")
    expect(phone.locator("h1")).to_have_text("群众满意度问卷")
    expect(phone.locator(".unit")).to_have_text("East Unit")
    phone.get_by_label("满意", exact=True).check()
    phone.get_by_role("button", name="提交").click()
    expect(phone.locator(".notice")).to_contain_text("提交成功")
    rate = questionnaire_results([app.pk])[app.pk]["public_satisfaction"]
    assert (rate.positive, rate.respondents) == (1, 1)
    phone.goto(f"{live_server.url}/assessment/q/{token.token}/")
    expect(phone.locator(".notice")).to_contain_text("每个问卷码只能提交一次")
