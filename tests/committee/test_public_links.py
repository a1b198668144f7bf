"""The certificate's check address: SITE_URL, when set, in the certificate PDF's text and QR
code and on the check page, which shows the address and a QR code to share (issue 13)."""

import base64

import pytest
from django.test import override_settings
from tests.committee.test_documents import _text
from tests.committee.test_naming import approve_and_name
from tests.conftest import login

from wenming.committee import documents
from wenming.committee.codes import display
from wenming.committee.models import Certificate

SITE = "https://wenming.example.gov.cn"


@pytest.fixture
def certificate(cast, campaign, listed):
    approve_and_name(campaign, cast)
    return Certificate.objects.get(application__organization__name="East Unit")


@override_settings(SITE_URL=SITE)
def test_the_certificate_pdf_prints_and_encodes_the_public_address(
    client, cast, certificate, monkeypatch
):
    encoded: list[str] = []
    real = documents.qr_data_url
    monkeypatch.setattr(documents, "qr_data_url", lambda text: encoded.append(text) or real(text))
    login(client, cast.city)
    response = client.get(f"/committee/certificate/{certificate.pk}.pdf")
    address = f"{SITE}/committee/verify/{certificate.code}/"
    assert address in _text(response.content)
    assert encoded == [address]
    assert "testserver" not in _text(response.content)


@override_settings(SITE_URL=SITE)
def test_the_check_page_shows_the_public_address_and_a_qr_code(client, certificate):
    response = client.get(f"/committee/verify/{certificate.code}/")
    page = response.content.decode()
    assert response.status_code == 200
    address = f"{SITE}/committee/verify/{certificate.code}/"
    assert f'<a class="share-url" href="{address}">{address}</a>' in page
    qr = page.split('class="share-qr" src="data:image/svg+xml;base64,', 1)[1].split('"', 1)[0]
    assert base64.b64decode(qr).decode().startswith("<svg")
    assert display(certificate.code) in page


def test_without_site_url_the_check_address_is_the_requests_host(client, certificate):
    page = client.get(f"/committee/verify/{certificate.code}/").content.decode()
    assert f"http://testserver/committee/verify/{certificate.code}/" in page


def test_an_unknown_code_offers_nothing_to_share(client, db):
    page = client.get("/committee/verify/ABCD-EFGH-JKMN/").content.decode()
    assert "share-url" not in page
