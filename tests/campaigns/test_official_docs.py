"""The recommendation report and the quota notice as 公文: numbered once by 发文（取号）
from the office's register (a download only prints), addressed to the running office,
the lists as 附件1, downloads named in Chinese."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from tests.campaigns.test_review_pages import received
from tests.conftest import login
from tests.factories import reach_stage
from tests.issued_docs import (
    attachment_rows,
    body_text,
    docx_paragraphs,
    docx_tables,
    download_name,
    pdf_text,
    set_letterhead,
)

from wenming.audit.models import AuditEvent
from wenming.campaigns import official_docs, services
from wenming.campaigns.models import Campaign, Recommendation
from wenming.campaigns.selectors.review import Unit
from wenming.registry.models import IssuedDocument

ON = date(2026, 12, 1)
NOON = datetime(2026, 12, 1, 12, tzinfo=ZoneInfo("Asia/Shanghai"))
NEXT_YEAR = datetime(2027, 3, 2, 12, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def recommended(world, cast, campaign):
    a, b, c = received(campaign, ["东岗小学", "东城医院", "东湖公园管理处"], region=world.east)
    reach_stage(campaign.campaign, "recommendation")
    services.recommend(
        acting_user=cast.county,
        award=campaign.unit,
        recommended=[b, a],
        alternates=[c],
        region=world.east,
    )
    set_letterhead(cast.county, world.east, "东文明办")
    set_letterhead(cast.city, world.city, "市文明办")
    return campaign


def test_report_is_addressed_to_the_running_office_with_the_list(world, cast, recommended):
    unit = Unit(region=world.east)
    with time_machine.travel(NOON):
        issued = official_docs.report_issue(
            acting_user=cast.county, campaign=recommended.campaign, unit=unit
        )
    assert issued.number == "东文明办〔2026〕1号"
    printed = official_docs.report_printing(recommended.campaign, unit)
    assert (printed.number, printed.signed_on) == ("东文明办〔2026〕1号", ON)
    doc = official_docs.recommendation_report(
        recommended.campaign, unit, number=printed.number, on=printed.signed_on
    )
    assert doc.letterhead.number == "东文明办〔2026〕1号"
    assert doc.letterhead.mark == "East County精神文明建设委员会办公室文件"
    assert doc.addressees == "City精神文明建设委员会办公室"
    assert doc.title == "关于推荐第二十届市级文明单位、市级文明单位标兵的报告"
    assert "共推荐市级文明单位2个（另备选1个），名单见附件1，各单位自评情况见附件2。" in body_text(
        doc
    )
    assert doc.attachments[0].title == "推荐名单"
    rows = attachment_rows(doc)
    assert [r[1] for r in rows] == ["东城医院", "东岗小学", "东湖公园管理处"]
    assert [r[3] for r in rows] == ["推荐1", "推荐2", "备选1"]
    assert doc.attachments[1].title == "推荐单位自评情况"


def test_report_number_is_issued_once(world, cast, recommended):
    unit = Unit(region=world.east)
    kwargs = {"acting_user": cast.county, "campaign": recommended.campaign, "unit": unit}
    first = official_docs.report_issue(**kwargs).number
    with pytest.raises(ValidationError, match="已登记发文字号东文明办〔2026〕1号"):
        official_docs.report_issue(**kwargs)
    assert first == "东文明办〔2026〕1号"
    stored = Recommendation.objects.get(campaign=recommended.campaign, region=world.east)
    assert stored.report_number == first
    assert stored.submitted_at is None  # numbering is not submitting
    issued = AuditEvent.objects.filter(action="document.issue")
    assert [e.after["number"] for e in issued] == [first]
    assert AuditEvent.objects.filter(action="document.number").count() == 1


def test_issuing_the_report_creates_its_recommendation_audited(world, cast, campaign):
    set_letterhead(cast.county, world.east, "东文明办")
    unit = Unit(region=world.east)
    assert not Recommendation.objects.filter(campaign=campaign.campaign).exists()
    official_docs.report_issue(acting_user=cast.county, campaign=campaign.campaign, unit=unit)
    created = AuditEvent.objects.get(action="recommendation.create")
    assert created.after == {"unit": "East County"}
    assert Recommendation.objects.get(campaign=campaign.campaign).report_number == (
        "东文明办〔2026〕1号"
    )


def test_an_office_without_a_code_is_told_to_set_one(world, cast, campaign):
    with pytest.raises(ValidationError, match="尚未在“发文设置”中填写机关代字"):
        official_docs.report_issue(
            acting_user=cast.county, campaign=campaign.campaign, unit=Unit(region=world.east)
        )
    assert IssuedDocument.objects.count() == 0
    assert not Recommendation.objects.filter(campaign=campaign.campaign).exists()


def test_a_body_report_is_unnumbered_under_its_own_name(world, cast, campaign):
    unit = Unit(body=world.education)
    assert official_docs.report_printing(campaign.campaign, unit).number == ""
    with pytest.raises(ValidationError, match="主管部门的推荐报告不在本系统编号"):
        official_docs.report_issue(acting_user=cast.body, campaign=campaign.campaign, unit=unit)
    doc = official_docs.recommendation_report(campaign.campaign, unit, number="", on=ON)
    assert doc.letterhead.mark == "Education Bureau文件"
    assert doc.letterhead.number == ""
    assert attachment_rows(doc) == []


def test_quota_notice_lists_each_units_places(world, cast, campaign):
    set_letterhead(cast.city, world.city, "市文明办")
    with time_machine.travel(NOON):
        number = official_docs.quota_issue(acting_user=cast.city, campaign=campaign.campaign).number
    assert number == "市文明办〔2026〕1号"
    refreshed = Campaign.objects.get(pk=campaign.campaign.pk)
    printed = official_docs.quota_printing(refreshed)
    assert (printed.number, printed.signed_on) == (number, ON)
    doc = official_docs.quota_notice(refreshed, number=printed.number, on=printed.signed_on)
    assert doc.signed_on == ON
    assert doc.title == "关于下达第二十届市级文明单位、市级文明单位标兵推荐名额的通知"
    assert doc.addressees == "各县（市、区）文明办，各有关单位"
    assert "本届共下达推荐名额：市级文明单位6个。" in body_text(doc)  # no award with none
    assert "（见附件）" in body_text(doc)  # one attachment, named without a number
    assert attachment_rows(doc) == [
        ("1", "East County文明办", "2", "0", "2"),
        ("2", "West County文明办", "2", "0", "2"),
        ("3", "Education Bureau", "2", "0", "2"),
        ("", "合计", "6", "0", "6"),
    ]
    assert refreshed.quota_notice_number == number


def _counts() -> tuple[int, int]:
    return IssuedDocument.objects.count(), AuditEvent.objects.count()


def test_report_downloads_as_a_draft_until_issued_then_numbered(client, world, cast, recommended):
    login(client, cast.county)
    campaign = recommended.campaign
    page = client.get(reverse("campaigns:review", args=[campaign.pk])).content.decode()
    assert "发文（取号）" in page
    assert "未取号：下载的是未编号的稿本。" in page
    before = _counts()
    url = reverse("campaigns:report", args=[campaign.pk, "docx"])
    response = client.get(url)
    assert response.status_code == 200
    assert "东文明办〔2026〕1号" not in docx_paragraphs(response.content)  # a draft
    assert _counts() == before  # a download never writes
    assert not Recommendation.objects.filter(report_number__gt="").exists()

    key = Unit(region=world.east).key
    with time_machine.travel(NOON):
        response = client.post(
            reverse("campaigns:report_issue", args=[campaign.pk]), {"unit": key}, follow=True
        )
    assert "推荐报告已登记发文字号东文明办〔2026〕1号。" in response.content.decode()
    assert "推荐报告发文字号：东文明办〔2026〕1号" in response.content.decode()
    after = _counts()
    before_logins = AuditEvent.objects.filter(action__startswith="login.").count()
    assert after[0] == before[0] + 1

    login(client, cast.county)  # the session of the day before has timed out
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    assert download_name(response) == "第二十届市级文明单位、市级文明单位标兵推荐报告.docx"
    paragraphs = docx_paragraphs(response.content)
    assert "东文明办〔2026〕1号" in paragraphs
    assert "City精神文明建设委员会办公室：" in paragraphs
    assert "2026年12月1日" in paragraphs  # the issue day, not today
    rows = [row for table in docx_tables(response.content) for row in table]
    assert ["2", "东岗小学", "市级文明单位", "推荐2", rows[2][4]] in rows
    with time_machine.travel(NEXT_YEAR):
        login(client, cast.county)
        response = client.get(reverse("campaigns:report", args=[campaign.pk, "pdf"]))
    assert download_name(response) == "第二十届市级文明单位、市级文明单位标兵推荐报告.pdf"
    text = pdf_text(response.content)
    assert "东文明办〔2026〕1号" in text  # the same number, not a second one
    assert "2026年12月1日" in text  # a reprint next year keeps the old date
    assert "东湖公园管理处" in text
    assert IssuedDocument.objects.count() == after[0]
    assert (
        AuditEvent.objects.exclude(action__startswith="login.").count() == after[1] - before_logins
    )


def test_quota_notice_is_issued_by_the_office_only(client, world, cast, campaign):
    set_letterhead(cast.city, world.city, "市文明办")
    pk = campaign.campaign.pk
    url = reverse("campaigns:quota_notice", args=[pk, "docx"])
    issue = reverse("campaigns:quota_notice_issue", args=[pk])
    login(client, cast.applicant)
    assert client.get(url).status_code == 403
    assert client.post(issue).status_code == 403
    assert Campaign.objects.get(pk=pk).quota_notice_number == ""
    login(client, cast.city)
    before = _counts()
    response = client.get(url)
    assert download_name(response) == "第二十届市级文明单位、市级文明单位标兵名额通知.docx"
    assert ["3", "Education Bureau", "2", "0", "2"] in docx_tables(response.content)[0]
    assert "市文明办〔2026〕1号" not in docx_paragraphs(response.content)
    assert _counts() == before
    assert (
        client.get(reverse("campaigns:quotas", args=[pk]))
        .content.decode()
        .count("未取号：下载的是未编号的稿本。")
        == 1
    )
    response = client.post(issue, follow=True)
    assert "名额通知已登记发文字号市文明办〔2026〕1号。" in response.content.decode()
    assert "发文（取号）" not in response.content.decode()  # issued once, no second button
    assert "市文明办〔2026〕1号" in docx_paragraphs(client.get(url).content)
    response = client.post(issue, follow=True)
    assert "不能重复取号" in response.content.decode()
    assert IssuedDocument.objects.count() == before[0] + 1


def test_an_applicant_cannot_download_or_issue_the_report(client, cast, recommended):
    login(client, cast.applicant)
    pk = recommended.campaign.pk
    assert client.get(reverse("campaigns:report", args=[pk, "pdf"])).status_code == 403
    assert client.post(reverse("campaigns:report_issue", args=[pk])).status_code == 403
    assert not Recommendation.objects.filter(report_number__gt="").exists()
    assert IssuedDocument.objects.count() == 0
