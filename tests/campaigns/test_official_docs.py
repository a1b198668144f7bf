"""The recommendation report and the quota notice as 公文: numbered once from the office's
register, addressed to the running office, the lists as 附件1, downloads named in Chinese."""

from datetime import date

import pytest
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

ON = date(2026, 12, 1)


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
    number = official_docs.report_number(
        acting_user=cast.county, campaign=recommended.campaign, unit=unit, on=ON
    )
    assert number == "东文明办〔2026〕1号"
    doc = official_docs.recommendation_report(recommended.campaign, unit, number=number, on=ON)
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
    first = official_docs.report_number(**kwargs, on=ON)
    again = official_docs.report_number(**kwargs, on=ON)
    assert first == again == "东文明办〔2026〕1号"
    stored = Recommendation.objects.get(campaign=recommended.campaign, region=world.east)
    assert stored.report_number == first
    assert stored.submitted_at is None  # numbering is not submitting
    issued = AuditEvent.objects.filter(action="document.issue")
    assert [e.after["number"] for e in issued] == [first]


def test_a_body_report_is_unnumbered_under_its_own_name(world, cast, campaign):
    unit = Unit(body=world.education)
    assert (
        official_docs.report_number(
            acting_user=cast.body, campaign=campaign.campaign, unit=unit, on=ON
        )
        == ""
    )
    doc = official_docs.recommendation_report(campaign.campaign, unit, number="", on=ON)
    assert doc.letterhead.mark == "Education Bureau文件"
    assert doc.letterhead.number == ""
    assert attachment_rows(doc) == []


def test_quota_notice_lists_each_units_places(world, cast, campaign):
    set_letterhead(cast.city, world.city, "市文明办")
    number = official_docs.quota_number(acting_user=cast.city, campaign=campaign.campaign, on=ON)
    assert number == "市文明办〔2026〕1号"
    doc = official_docs.quota_notice(campaign.campaign, number=number, on=ON)
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
    assert Campaign.objects.get(pk=campaign.campaign.pk).quota_notice_number == number


def test_report_downloads_as_word_and_pdf(client, world, cast, recommended):
    login(client, cast.county)
    url = reverse("campaigns:report", args=[recommended.campaign.pk, "docx"])
    response = client.get(url)
    assert response.status_code == 200
    assert download_name(response) == "第二十届市级文明单位、市级文明单位标兵推荐报告.docx"
    paragraphs = docx_paragraphs(response.content)
    assert "东文明办〔2026〕1号" in paragraphs
    assert "City精神文明建设委员会办公室：" in paragraphs
    rows = [row for table in docx_tables(response.content) for row in table]
    assert ["2", "东岗小学", "市级文明单位", "推荐2", rows[2][4]] in rows
    response = client.get(reverse("campaigns:report", args=[recommended.campaign.pk, "pdf"]))
    assert download_name(response) == "第二十届市级文明单位、市级文明单位标兵推荐报告.pdf"
    text = pdf_text(response.content)
    assert "东文明办〔2026〕1号" in text  # the same number, not a second one
    assert "东湖公园管理处" in text


def test_quota_notice_downloads_for_the_office_only(client, world, cast, campaign):
    set_letterhead(cast.city, world.city, "市文明办")
    url = reverse("campaigns:quota_notice", args=[campaign.campaign.pk, "docx"])
    login(client, cast.applicant)
    assert client.get(url).status_code == 403
    assert Campaign.objects.get(pk=campaign.campaign.pk).quota_notice_number == ""
    login(client, cast.city)
    response = client.get(url)
    assert download_name(response) == "第二十届市级文明单位、市级文明单位标兵名额通知.docx"
    assert ["3", "Education Bureau", "2", "0", "2"] in docx_tables(response.content)[0]


def test_an_applicant_cannot_download_the_report(client, cast, recommended):
    login(client, cast.applicant)
    url = reverse("campaigns:report", args=[recommended.campaign.pk, "pdf"])
    assert client.get(url).status_code == 403
    assert not Recommendation.objects.filter(report_number__gt="").exists()
