"""Certificates, the honor roll and the plaque list, read back as a user would."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader
from tests.committee.conftest import publish
from tests.committee.test_naming import DOC, approve_and_name
from tests.conftest import login
from tests.factories import OrganizationFactory

from wenming.committee import documents as committee_documents
from wenming.committee.codes import display
from wenming.committee.models import Certificate
from wenming.core.models import ExportJob


@pytest.fixture
def named(world, cast, campaign, listed):
    publish(campaign, cast.city, OrganizationFactory(region=world.west, name="=HYPERLINK(1)"))
    publish(campaign, cast.city, OrganizationFactory(region=world.east, name="东城文明单位"))
    return approve_and_name(campaign, cast)


def _text(body: bytes) -> str:
    reader = PdfReader(io.BytesIO(body))
    return "".join(page.extract_text() for page in reader.pages).replace(" ", "")


def test_certificate_is_a_landscape_chinese_pdf_with_its_code(client, cast, named):
    certificate = Certificate.objects.get(application__organization__name="东城文明单位")
    login(client, cast.city)
    response = client.get(f"/committee/certificate/{certificate.pk}.pdf")
    assert response["Content-Type"] == "application/pdf"
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    assert page.mediabox.width > page.mediabox.height  # A4 landscape
    text = _text(response.content)
    shown = ["荣誉证书", "东城文明单位", "第二十届", "市级文明单位", "2021年12月28日", DOC]
    shown += [display(certificate.code), f"/committee/verify/{certificate.code}/"]
    assert [s for s in shown if s not in text] == []


def honor_roll(client, decision, capture) -> tuple[ExportJob, bytes]:
    """The honor roll as the committee gets it: the link, the 生成 page, the job, the file."""
    start = client.get(f"/committee/decision/{decision.pk}/honor-roll.pdf", follow=True)
    assert "共 4 项。文件较大，将在后台生成" in start.content.decode()
    with capture(execute=True):
        queued = client.post(start.request["PATH_INFO"], {"query": start.context["query"]})
    job = ExportJob.objects.get()
    assert queued["Location"] == reverse("exports:job", args=[job.pk])
    assert "已生成，共 4 项。" in client.get(queued["Location"]).content.decode()
    response = client.get(reverse("exports:download", args=[job.pk]))
    return job, b"".join(response.streaming_content)


def test_honor_roll_lists_the_named_by_award(
    client, cast, named, django_capture_on_commit_callbacks
):
    login(client, cast.committee)
    job, body = honor_roll(client, named, django_capture_on_commit_callbacks)
    assert job.filename.endswith("光荣册.pdf")
    text = _text(body)
    assert "光荣册" in text
    assert "市级文明单位共4个" in text
    for name in ("东城文明单位", "EastUnit", "WestUnit"):
        assert name in text


def test_honor_roll_in_parts_keeps_its_numbering_and_page_numbers(
    client, cast, named, monkeypatch, django_capture_on_commit_callbacks
):
    # Two lines per WeasyPrint run: the four named in two parts, merged.
    monkeypatch.setattr(committee_documents, "CHUNK_ROWS", 2)
    login(client, cast.committee)
    _job, body = honor_roll(client, named, django_capture_on_commit_callbacks)
    pages = [page.extract_text().replace(" ", "") for page in PdfReader(io.BytesIO(body)).pages]
    assert len(pages) == 2
    assert "光荣册" in pages[0]
    assert "\n1EastUnit" in pages[0]
    assert "\n2WestUnit" in pages[0]
    # The second part continues the award's table and its numbering.
    assert "市级文明单位（续）共4个" in pages[1]
    assert "\n3=HYPERLINK(1)" in pages[1]
    assert "\n4东城文明单位" in pages[1]
    assert [page.splitlines()[-1] for page in pages] == ["1/2", "2/2"]


def test_plaque_list_neutralizes_formulas(client, cast, named):
    login(client, cast.city)
    response = client.get(f"/committee/decision/{named.pk}/plaques.xlsx")
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    names = sorted(row[1] for row in rows)
    assert names == ["'=HYPERLINK(1)", "East Unit", "West Unit", "东城文明单位"]
    assert {row[2] for row in rows} == {"市级文明单位"}
    assert {row[5] for row in rows} == {DOC}


@pytest.mark.parametrize("who", ["county", "assessor", "nobody"])
def test_others_cannot_download_the_documents(client, cast, named, who):
    login(client, getattr(cast, who))
    certificate = Certificate.objects.first()
    assert client.get(f"/committee/certificate/{certificate.pk}.pdf").status_code == 403
    assert client.get(f"/committee/decision/{named.pk}/honor-roll.pdf").status_code == 403


def test_the_applicant_downloads_its_own_certificate(client, cast, world, named):
    login(client, cast.applicant)
    own = Certificate.objects.get(application__organization=world.east_unit)
    other = Certificate.objects.get(application__organization=world.west_unit)
    assert client.get(f"/committee/certificate/{own.pk}.pdf").status_code == 200
    assert client.get(f"/committee/certificate/{other.pk}.pdf").status_code == 403
