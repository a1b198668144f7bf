"""Questionnaire codes carry the site's public address (SITE_URL) in their links and QR
codes, on the printable sheet and in the API's answer (issue 13)."""

import segno
from django.test import override_settings
from rest_framework.test import APIClient
from tests.conftest import login

from wenming.assessment import services

SITE = "https://wenming.example.gov.cn"


@override_settings(SITE_URL=SITE)
def test_the_qr_sheet_links_to_the_public_address(client, cast, assessment):
    tokens = services.questionnaire_tokens_issue(
        acting_user=cast.city, application=assessment.apps["East Unit"], kind="public", count=2
    )
    login(client, cast.city)
    page = client.get(f"/assessment/questionnaires/{tokens[0].questionnaire.pk}/sheet/")
    text = page.content.decode()
    codes = {code["token"]: code for code in page.context["codes"]}
    for token in tokens:
        url = f"{SITE}/assessment/q/{token.token}/"
        assert codes[token.token]["url"] == url
        # The QR code printed is the code of that public address, not of the request's host.
        qr = segno.make(url, error="m").svg_data_uri(scale=3)
        assert codes[token.token]["svg"] == qr
        assert f'src="{qr}"' in text


@override_settings(SITE_URL=SITE)
def test_the_api_returns_public_links(cast, assessment):
    client = APIClient()
    client.force_authenticate(cast.city)
    response = client.post(
        "/api/assessment/questionnaires/",
        {"application": assessment.apps["East Unit"].pk, "kind": "public", "count": 1},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["links"] == [f"{SITE}/assessment/q/{body['tokens'][0]}/"]
