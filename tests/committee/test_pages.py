"""Committee pages: the public certificate check, the meeting page for each role."""

from tests.committee.conftest import meeting_of
from tests.committee.test_naming import approve_and_name
from tests.conftest import login

from wenming.committee.codes import display
from wenming.committee.models import Certificate


def test_anyone_verifies_a_genuine_certificate_without_logging_in(client, cast, campaign, listed):
    approve_and_name(campaign, cast)
    certificate = Certificate.objects.get(application__organization__name="East Unit")
    typed = display(certificate.code).lower()
    response = client.get("/committee/verify/", {"code": typed}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "证书真实有效" in page
    assert "East Unit" in page
    assert "市级文明单位" in page
    assert "清文明委〔2021〕12号" in page


def test_an_unknown_code_is_not_genuine(client, db):
    response = client.get("/committee/verify/ABCD-EFGH-JKMN/")
    assert response.status_code == 404
    assert "查无此证书" in response.content.decode()


def test_the_meeting_page_says_why_it_cannot_approve(client, cast, campaign, listed):
    meeting = meeting_of(campaign, cast, members=9, attending=5, opinions=2)
    login(client, cast.city)
    page = client.get(f"/committee/meeting/{meeting.pk}/").content.decode()
    assert "应到 9 人，实到 5 人，须至少 6 人出席；书面意见 2 份（不计入出席人数）。" in page
    response = client.post(f"/committee/meeting/{meeting.pk}/approve/", follow=True)
    assert "会议未达到法定人数" in response.content.decode()


def test_a_committee_member_reads_the_meeting_but_cannot_approve(client, cast, campaign, listed):
    meeting = meeting_of(campaign, cast, members=3, attending=3)
    login(client, cast.committee)
    page = client.get(f"/committee/meeting/{meeting.pk}/").content.decode()
    assert "East Unit" in page
    assert "审定名单</button>" not in page
    assert client.post(f"/committee/meeting/{meeting.pk}/approve/").status_code == 403
    assert client.get(f"/committee/campaign/{campaign.campaign.pk}/").status_code == 200


def test_other_roles_do_not_see_the_meeting(client, cast, campaign, listed):
    meeting = meeting_of(campaign, cast, members=3, attending=3)
    login(client, cast.county)
    assert client.get(f"/committee/meeting/{meeting.pk}/").status_code == 404
    assert client.get(f"/committee/campaign/{campaign.campaign.pk}/").status_code == 403
