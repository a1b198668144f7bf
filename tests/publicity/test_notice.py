"""The publicity notice (公示) as a 公文: the period in working days, how to object at the
public address, the list as 附件1, numbered once by 发文（取号）."""

import pytest
from django.test import override_settings
from django.utils import timezone
from tests.conftest import login
from tests.issued_docs import docx_paragraphs, docx_tables, download_name, pdf_text, set_letterhead

from wenming.audit.models import AuditEvent
from wenming.documents.style import date_words
from wenming.publicity import services
from wenming.publicity.models import Publicity
from wenming.registry.models import IssuedDocument


@pytest.fixture
def published(screened, cast, world):
    set_letterhead(cast.city, world.city, "市文明办")
    return services.publicity_publish(
        acting_user=cast.city,
        campaign=screened.setup.campaign,
        starts_on=timezone.localdate(),
        contact_phone="0737-1234567",
        contact_address="City文明办（人民路1号）",
    )


def _counts() -> tuple[int, int]:
    return IssuedDocument.objects.count(), AuditEvent.objects.count()


@override_settings(SITE_URL="https://wm.example.cn")
def test_notice_states_the_period_the_ways_to_object_and_the_list(client, cast, published):
    login(client, cast.city)
    manage = f"/publicity/campaign/{published.campaign_id}/"
    assert "未取号：下载的是未编号的稿本。" in client.get(manage).content.decode()
    before = _counts()
    draft = docx_paragraphs(client.get(f"/publicity/{published.pk}/notice.docx").content)
    number = f"市文明办〔{timezone.localdate().year}〕1号"
    assert number not in draft  # unnumbered until 发文（取号）
    assert _counts() == before  # a download never writes
    page = client.post(f"/publicity/{published.pk}/notice/issue/", follow=True).content.decode()
    assert f"公示已登记发文字号{number}。" in page
    assert f"公示发文字号：{number}" in page
    assert AuditEvent.objects.filter(action="document.number").count() == 1
    response = client.get(f"/publicity/{published.pk}/notice.docx")
    assert download_name(response) == "第二十届市级文明单位、市级文明单位标兵公示.docx"
    paragraphs = docx_paragraphs(response.content)
    text = "".join(paragraphs)
    assert number in paragraphs
    # The number's year and the 成文日期 are the same day: the day it was issued.
    assert date_words(timezone.localdate()) in paragraphs
    assert "关于第二十届市级文明单位、市级文明单位标兵拟命名名单的公示" in text.replace("\n", "")
    period = (
        f"{date_words(published.starts_on)}至{date_words(published.ends_on)}，"
        f"共{published.working_days}个工作日。"
    )
    assert period in paragraphs
    assert f"（一）网上提出：访问https://wm.example.cn/publicity/{published.pk}/，填写异议表。" in (
        paragraphs
    )
    assert "（二）电话反映：0737-1234567。" in paragraphs
    assert "（三）来信反映：City文明办（人民路1号）（以邮戳日期为准）。" in paragraphs
    cells = {cell for table in docx_tables(response.content) for row in table for cell in row}
    assert {"East Unit", "East Extra", "West Unit"} <= cells
    issued = _counts()
    response = client.get(f"/publicity/{published.pk}/notice.pdf")
    assert download_name(response).endswith("公示.pdf")
    assert number in pdf_text(response.content)  # the same number again
    assert Publicity.objects.get(pk=published.pk).notice_number == number
    assert _counts() == issued


@pytest.mark.parametrize("who", ["applicant", "county"])
def test_others_cannot_download_or_issue_the_notice(client, cast, published, who):
    login(client, getattr(cast, who))
    assert client.get(f"/publicity/{published.pk}/notice.docx").status_code == 403
    assert client.post(f"/publicity/{published.pk}/notice/issue/").status_code == 403
    assert Publicity.objects.get(pk=published.pk).notice_number == ""
    assert IssuedDocument.objects.count() == 0
