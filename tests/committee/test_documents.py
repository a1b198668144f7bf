"""Certificates, the honor roll and the plaque list, read back as a user would."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from tests.committee.conftest import publish
from tests.committee.test_naming import DOC, approve_and_name
from tests.conftest import login
from tests.factories import OrganizationFactory

from wenming.committee.codes import display
from wenming.committee.models import Certificate


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


def test_honor_roll_lists_the_named_by_award(client, cast, named):
    login(client, cast.committee)
    response = client.get(f"/committee/decision/{named.pk}/honor-roll.pdf")
    text = _text(response.content)
    assert "光荣册" in text
    assert "市级文明单位共4个" in text
    for name in ("东城文明单位", "EastUnit", "WestUnit"):
        assert name in text


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
