"""批量生成问卷码: the office issues questionnaire codes to every ticked applicant under
assessment at once — one transaction, an audit event each, a message with the count."""

from tests.conftest import login

from wenming.assessment.models import QuestionnaireToken
from wenming.audit.models import AuditEvent
from wenming.campaigns.models import Application


def test_office_issues_codes_to_every_assessed_applicant_at_once(client, cast, assessment):
    campaign = assessment.setup.campaign
    login(client, cast.city)
    url = f"/assessment/campaigns/{campaign.pk}/questionnaires/"
    page = client.get(url).content.decode()
    apps = list(Application.objects.filter(campaign=campaign, status__in=["recommended"]))
    assert page.count('form="issue-many" checked') == len(apps) > 1
    response = client.post(
        f"{url}issue/",
        {"application": [a.pk for a in apps], "kind": "staff", "count": "10"},
        follow=True,
    )
    text = response.content.decode()
    assert f"已为 {len(apps)} 个单位各生成 10 个问卷码，共 {10 * len(apps)} 个。" in text
    assert QuestionnaireToken.objects.count() == 10 * len(apps)
    events = AuditEvent.objects.filter(action="assessment.questionnaire_tokens_issue")
    assert events.count() == len(apps)


def test_one_no_longer_assessed_issues_nothing(client, cast, assessment):
    campaign = assessment.setup.campaign
    apps = list(Application.objects.filter(campaign=campaign, status="recommended"))
    Application.objects.filter(pk=apps[0].pk).update(status="withdrawn")
    login(client, cast.city)
    response = client.post(
        f"/assessment/campaigns/{campaign.pk}/questionnaires/issue/",
        {"application": [a.pk for a in apps], "kind": "public", "count": "5"},
        follow=True,
    )
    assert f"{apps[0].organization.name}不在测评中" in response.content.decode()
    assert QuestionnaireToken.objects.count() == 0
    assert not AuditEvent.objects.filter(action="assessment.questionnaire_tokens_issue").exists()


def test_bad_count_and_nothing_ticked_and_another_office(client, cast, assessment):
    campaign = assessment.setup.campaign
    url = f"/assessment/campaigns/{campaign.pk}/questionnaires/issue/"
    login(client, cast.city)
    text = client.post(url, {"kind": "public", "count": "5"}, follow=True).content.decode()
    assert "请先勾选要生成问卷码的单位。" in text
    app = Application.objects.filter(campaign=campaign).first()
    text = client.post(
        url, {"application": [app.pk], "kind": "public", "count": "0"}, follow=True
    ).content.decode()
    assert "问卷码数量应在 1 到 500 之间。" in text
    login(client, cast.applicant)
    assert (
        client.post(url, {"application": [app.pk], "kind": "public", "count": "5"}).status_code
        == 403
    )
    assert QuestionnaireToken.objects.count() == 0
