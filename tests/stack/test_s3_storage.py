"""Uploaded files and exports in an S3-compatible store (moto's server as the stand-in):
saved under their own key, read back whole, served by the application as a download."""

import hashlib
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.http import FileResponse
from django.test import override_settings

from wenming import settings_env


def s3_storages(endpoint: str) -> dict[str, object]:
    env = {
        "S3_BUCKET": "wenming-test",
        "S3_ENDPOINT_URL": endpoint,
        "S3_ACCESS_KEY_ID": "test",
        "S3_SECRET_ACCESS_KEY": "test-secret",
        "S3_PREFIX": "media",
    }
    return {
        "default": settings_env.default_storage(env, Path("/nonexistent")),
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


PDF = b"%PDF-1.7\n" + "证书".encode() * 40_000  # over one S3 read buffer


def test_s3_file_is_saved_read_back_and_served_as_a_download(s3_endpoint):
    with override_settings(STORAGES=s3_storages(s3_endpoint)):
        storage = storages["default"]
        name = storage.save("certificates/abc.pdf", ContentFile(PDF))
        assert storage.exists(name)
        assert storage.size(name) == len(PDF)
        with storage.open(name, "rb") as stored:
            assert hashlib.sha256(stored.read()).hexdigest() == hashlib.sha256(PDF).hexdigest()

        response = FileResponse(storage.open(name, "rb"), as_attachment=True, filename="证书.pdf")
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF
        response.close()


def test_s3_never_overwrites_a_saved_file(s3_endpoint):
    with override_settings(STORAGES=s3_storages(s3_endpoint)):
        storage = storages["default"]
        first = storage.save("exports/ranking.xlsx", ContentFile(b"first"))
        second = storage.save("exports/ranking.xlsx", ContentFile(b"second"))
        assert first != second
        with storage.open(first, "rb") as stored:
            assert stored.read() == b"first"
        storage.delete(second)
        assert not storage.exists(second)
