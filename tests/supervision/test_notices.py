"""The supervision item's 整改通知书 and 督办通知书: addressed to the responsible unit, the
problem, the deadline and the report asked for, each with its own 发文字号."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone
from tests.conftest import login
from tests.issued_docs import body_text, docx_paragraphs, download_name, pdf_text, set_letterhead

from wenming.audit.models import AuditEvent
from wenming.registry.models import IssuedDocument
from wenming.supervision.models import SupervisionItem
from wenming.supervision.notices import (
    NoticeDocument,
    notice_issue,
    notice_printing,
    rectification_notice,
    supervision_notice,
)
from wenming.supervision.services import items as services_items


@pytest.fixture
def item(world, cast):
    set_letterhead(cast.city, world.city, "市文明办")
    return services_items.item_open(
        acting_user=cast.city,
        office=world.city,
        title="路灯损坏未修复",
        description="人民路段12盏路灯不亮。\n群众多次投诉。",
        source="hotline",
        source_reference="12345-0601",
        organization=world.east_unit,
        item_class="small",
        deadline=date(2026, 7, 10),
    )


def test_rectification_notice_states_problem_deadline_and_report(item):
    doc = rectification_notice(item, [], number="市文明办〔2026〕3号", on=date(2026, 7, 1))
    assert doc.addressees == "East Unit"
    assert doc.title == "关于路灯损坏未修复的整改通知书"
    assert doc.letterhead.number == "市文明办〔2026〕3号"
    text = body_text(doc)
    assert "经12345热线投诉（12345-0601），你单位存在以下问题：路灯损坏未修复。" in text
    assert "人民路段12盏路灯不亮。" in text
    assert "于2026年7月10日前整改到位" in text
    assert "整改完成后10日内，请将整改情况书面报告我办" in text


def test_a_big_item_lists_its_milestones_as_attachment(item):
    milestones = [("制定方案", date(2026, 7, 1)), ("完成施工", date(2026, 8, 1))]
    item.item_class = "big"
    doc = rectification_notice(item, milestones, number="", on=date(2026, 6, 20))
    assert doc.attachments[0].title == "整改节点"
    assert doc.attachments[0].blocks[0].rows == (
        ("1", "制定方案", "2026年7月1日"),
        ("2", "完成施工", "2026年8月1日"),
    )


def test_supervision_notice_counts_the_days_overdue_and_asks_a_report(item):
    doc = supervision_notice(item, number="", on=date(2026, 7, 15))
    text = body_text(doc)
    assert "至今已逾期5天" in text
    assert "请于2026年7月25日前（10日内）将整改进展和下一步措施书面报告我办" in text


def test_each_notice_takes_its_own_number_once(item, cast):
    rect, sup = NoticeDocument.RECTIFICATION, NoticeDocument.SUPERVISION
    with time_machine.travel(datetime(2026, 7, 1, 12, tzinfo=ZoneInfo("Asia/Shanghai"))):
        first = notice_issue(acting_user=cast.city, item=item, which=rect).number
        with pytest.raises(ValidationError, match="不能重复取号"):
            notice_issue(acting_user=cast.city, item=item, which=rect)
        other = notice_issue(acting_user=cast.city, item=item, which=sup).number
    assert (first, other) == ("市文明办〔2026〕1号", "市文明办〔2026〕2号")
    stored = SupervisionItem.objects.get(pk=item.pk)
    assert (stored.rectification_number, stored.supervision_number) == (first, other)
    kinds = [e.after["kind"] for e in AuditEvent.objects.filter(action="document.issue")]
    assert kinds == ["rectification_notice", "supervision_notice"]
    # Printed next year, the notice keeps the day it was issued.
    with time_machine.travel(datetime(2027, 2, 1, 12, tzinfo=ZoneInfo("Asia/Shanghai"))):
        printed = notice_printing(stored, rect)
    assert (printed.number, printed.signed_on) == (first, date(2026, 7, 1))


def _counts() -> tuple[int, int]:
    return IssuedDocument.objects.count(), AuditEvent.objects.count()


def test_the_office_issues_then_downloads_both_from_the_item_page(client, cast, item):
    login(client, cast.city)
    page = client.get(f"/supervision/items/{item.pk}/").content.decode()
    assert "整改通知书（Word）" in page
    assert page.count("未取号：下载的是未编号的稿本。") == 2
    year = timezone.localdate().year
    before = _counts()
    draft = client.get(f"/supervision/items/{item.pk}/rectification-notice.docx")
    assert f"市文明办〔{year}〕1号" not in docx_paragraphs(draft.content)
    assert _counts() == before  # a download never writes
    page = client.post(
        f"/supervision/items/{item.pk}/rectification-notice/issue/", follow=True
    ).content.decode()
    assert f"整改通知书已登记发文字号市文明办〔{year}〕1号。" in page
    client.post(f"/supervision/items/{item.pk}/supervision-notice/issue/")
    response = client.get(f"/supervision/items/{item.pk}/rectification-notice.docx")
    assert download_name(response) == "East Unit整改通知书.docx"
    paragraphs = docx_paragraphs(response.content)
    assert f"市文明办〔{year}〕1号" in paragraphs
    assert "East Unit：" in paragraphs
    issued = _counts()
    response = client.get(f"/supervision/items/{item.pk}/supervision-notice.pdf")
    assert download_name(response) == "East Unit督办通知书.pdf"
    assert f"市文明办〔{year}〕2号" in pdf_text(response.content)
    assert _counts() == issued


def test_the_responsible_applicant_cannot_download_or_issue_the_notices(client, cast, item):
    login(client, cast.applicant)
    assert client.get(f"/supervision/items/{item.pk}/").status_code == 200
    for which in ("rectification", "supervision"):
        url = f"/supervision/items/{item.pk}/{which}-notice.docx"
        assert client.get(url).status_code == 403
        assert client.post(f"/supervision/items/{item.pk}/{which}-notice/issue/").status_code == 403
    assert SupervisionItem.objects.get(pk=item.pk).rectification_number == ""
    assert IssuedDocument.objects.count() == 0
