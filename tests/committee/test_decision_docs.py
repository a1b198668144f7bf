"""The naming decision as a 公文 and every certificate in one PDF, read back as the office
and the print shop would."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader
from tests.committee.conftest import close_approval, meeting_of, publish
from tests.committee.test_naming import DOC, approve_and_name
from tests.conftest import login
from tests.factories import OrganizationFactory
from tests.issued_docs import (
    attachment_rows,
    body_text,
    docx_paragraphs,
    docx_tables,
    download_name,
    set_letterhead,
)

from wenming.audit.models import AuditEvent
from wenming.committee import decision_docs, selectors, services
from wenming.committee.codes import display
from wenming.committee.models import Certificate
from wenming.committee.services import naming_decide
from wenming.core.models import ExportJob, ExportStatus
from wenming.registry.letterheads import document_number_issue, next_sequence
from wenming.registry.models import DocumentKind, IssuedDocument


@pytest.fixture
def named(world, cast, campaign, listed):
    publish(campaign, cast.city, OrganizationFactory(region=world.east, name="东城文明单位"))
    publish(campaign, cast.city, OrganizationFactory(region=world.west, name="西城医院"))
    return approve_and_name(campaign, cast)


def _rows(decision):
    return list(selectors.certificates().filter(decision=decision))


def test_decision_names_the_approved_by_award(world, named):
    doc = decision_docs.naming_decision(named, _rows(named))
    assert doc.title == "关于命名第二十届市级文明单位的决定"
    assert doc.letterhead.number == DOC
    assert doc.letterhead.mark == "City civilization committee文件"
    assert doc.letterhead.signature == "City civilization committee"
    assert doc.addressees == "各县（市、区）精神文明建设委员会，各有关单位"
    assert "命名4个单位为第二十届市级文明单位（名单见附件）" in body_text(doc)
    assert "2021年12月20日评审会议审定" in body_text(doc)
    assert doc.signed_on == date(2021, 12, 28)
    assert doc.attachments[0].title == "第二十届市级文明单位名单"
    assert sorted(r[1] for r in attachment_rows(doc)) == sorted(
        ["East Unit", "West Unit", "东城文明单位", "西城医院"]
    )
    assert doc.attachments[0].blocks[0].heading == ""  # one award: the title names it


def _approved_meeting(setup, cast):
    meeting = meeting_of(setup, cast, members=3, attending=3)
    services.meeting_approve(acting_user=cast.city, meeting=meeting)
    close_approval(setup, cast.city)
    return meeting


def test_a_blank_number_takes_the_next_from_the_register(world, cast, campaign, listed):
    set_letterhead(cast.city, world.city, "市文明委")
    meeting = _approved_meeting(campaign, cast)
    decision = naming_decide(
        acting_user=cast.city, meeting=meeting, document_number=" ",
        named_on=date(2026, 12, 1), naming_body="City civilization committee",
    )  # fmt: skip
    assert decision.document_number == "市文明委〔2026〕1号"
    assert {c.title.document_number for c in Certificate.objects.all()} == {"市文明委〔2026〕1号"}
    issued = AuditEvent.objects.get(action="document.issue")
    assert issued.after["title"] == "关于命名第二十届市级文明单位的决定"
    # In the office's own code: issued under the office's own letterhead and name.
    doc = decision_docs.naming_decision(decision, _rows(decision))
    assert doc.letterhead.mark == "City精神文明建设委员会办公室文件"
    assert doc.letterhead.signature == "City精神文明建设委员会办公室"


def test_a_typed_number_is_registered_and_a_duplicate_refused(world, cast, campaign, listed):
    set_letterhead(cast.city, world.city, "市文明办")
    document_number_issue(
        acting_user=cast.city, office=world.city, kind=DocumentKind.BULLETIN,
        title="通报", on=date(2026, 3, 1),
    )  # fmt: skip
    meeting = _approved_meeting(campaign, cast)
    with pytest.raises(ValidationError) as error:
        naming_decide(
            acting_user=cast.city, meeting=meeting, document_number="市文明办〔2026〕1号",
            named_on=date(2026, 12, 1), naming_body="City civilization committee",
        )  # fmt: skip
    assert error.value.messages == [
        "命名文号“市文明办〔2026〕1号”已在本办发文登记中使用，请核对后重新填写。"
    ]
    assert not Certificate.objects.exists()
    decision = naming_decide(
        acting_user=cast.city, meeting=meeting, document_number="市文明委〔2026〕3号",
        named_on=date(2026, 12, 1), naming_body="City civilization committee",
    )  # fmt: skip
    registered = IssuedDocument.objects.get(number="市文明委〔2026〕3号")
    assert (registered.office, registered.kind) == (world.city, DocumentKind.NAMING_DECISION)
    assert registered.signed_on == date(2026, 12, 1)
    # Another issuer's number: under the naming body's own mark and name.
    doc = decision_docs.naming_decision(decision, _rows(decision))
    assert doc.letterhead.mark == "City civilization committee文件"
    # The register never issues a typed number of its own code again.
    assert next_sequence(world.city, 2026) == 2


def test_a_blank_number_without_a_register_is_refused_in_words(cast, campaign, listed):
    meeting = _approved_meeting(campaign, cast)
    with pytest.raises(ValidationError) as error:
        naming_decide(
            acting_user=cast.city, meeting=meeting, document_number="",
            named_on=date(2026, 12, 1), naming_body="Committee",
        )  # fmt: skip
    assert "请填写命名文号" in error.value.messages[0]
    assert not Certificate.objects.exists()


def test_decision_downloads_as_word_named_in_chinese(client, cast, named):
    login(client, cast.city)
    response = client.get(f"/committee/decision/{named.pk}/decision.docx")
    assert download_name(response) == "第二十届市级文明单位命名决定.docx"
    paragraphs = docx_paragraphs(response.content)
    assert DOC in paragraphs
    assert "各县（市、区）精神文明建设委员会，各有关单位：" in paragraphs
    names = {cell for table in docx_tables(response.content) for row in table for cell in row}
    assert {"East Unit", "West Unit", "东城文明单位", "西城医院"} <= names
    response = client.get(f"/committee/decision/{named.pk}/decision.pdf")
    assert download_name(response) == "第二十届市级文明单位命名决定.pdf"
    assert response["Content-Type"] == "application/pdf"


def test_all_certificates_in_one_pdf_one_page_each(
    client, cast, named, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(decision_docs, "CHUNK", 3)  # four certificates: two WeasyPrint runs
    login(client, cast.city)
    # 打印全部证书 leads to a page with a 生成 button: the PDF is the task worker's.
    start = client.get(f"/committee/decision/{named.pk}/certificates.pdf", follow=True)
    page = start.content.decode()
    assert "第二十届荣誉证书（全部）.pdf" in page
    assert "共 4 项" in page
    assert not ExportJob.objects.exists()
    query = start.context["query"]
    with django_capture_on_commit_callbacks(execute=True):
        queued = client.post(start.request["PATH_INFO"], {"query": query})
    job = ExportJob.objects.get()
    assert queued["Location"] == reverse("exports:job", args=[job.pk])
    assert (job.status, job.processed_rows, job.total_rows) == (ExportStatus.DONE, 4, 4)
    status = client.get(queued["Location"]).content.decode()
    assert "已生成，共 4 项。" in status
    response = client.get(reverse("exports:download", args=[job.pk]))
    assert download_name(response) == "第二十届荣誉证书（全部）.pdf"
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    certificates = _rows(named)
    assert len(reader.pages) == len(certificates) == 4
    for page, certificate in zip(reader.pages, certificates, strict=True):
        text = page.extract_text().replace(" ", "")
        assert certificate.application.organization.name.replace(" ", "") in text
        assert display(certificate.code) in text
        assert "http://testserver/" in text  # the host the office asked from
        assert page.mediabox.width > page.mediabox.height
    # Only its creator downloads it.
    login(client, cast.county)
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404


def test_a_refresh_of_all_certificates_never_queues_a_second_job(client, cast, named):
    login(client, cast.city)
    url = reverse("exports:document", args=["certificates"])
    query = f"decision={named.pk}"
    client.get(url, {"decision": named.pk})
    client.get(url, {"decision": named.pk})
    assert not ExportJob.objects.exists()
    # Not committed (the test's transaction): the job stays pending; a second POST of the
    # same request (a refresh after the redirect's resubmit) returns the same job.
    first = client.post(url, {"query": query})
    second = client.post(url, {"query": query})
    job = ExportJob.objects.get()
    assert first["Location"] == second["Location"] == reverse("exports:job", args=[job.pk])
    assert job.status == ExportStatus.PENDING
    assert "已完成 0 / 4 项" in client.get(first["Location"]).content.decode()


@pytest.mark.parametrize("who", ["applicant", "county"])
def test_others_cannot_download_the_decision_or_all_certificates(client, cast, named, who):
    login(client, getattr(cast, who))
    assert client.get(f"/committee/decision/{named.pk}/decision.docx").status_code == 403
    assert client.get(f"/committee/decision/{named.pk}/certificates.pdf").status_code == 403
    url = reverse("exports:document", args=["certificates"])
    assert client.get(url, {"decision": named.pk}).status_code == 403
    assert client.post(url, {"query": f"decision={named.pk}"}).status_code == 403
    assert not ExportJob.objects.exists()
