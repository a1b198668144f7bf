"""Proxy headers count only from the trusted proxy: a client reaching the application
directly cannot claim HTTPS."""

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

BEHIND_TLS = {
    "TRUSTED_PROXIES": ["127.0.0.1"],
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SECURE_SSL_REDIRECT": True,
}


@override_settings(**BEHIND_TLS)
def test_the_trusted_proxy_may_say_https(client):
    response = client.get(reverse("login"), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200


@override_settings(**BEHIND_TLS)
def test_a_client_reaching_the_application_directly_cannot_claim_https(client):
    response = client.get(
        reverse("login"), REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_PROTO="https"
    )
    # The header is dropped, so the plain-HTTP request is sent to HTTPS.
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
