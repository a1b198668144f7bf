"""100 MB request bodies: refused with 413 and a Chinese page before Django reads a byte
of them (``wenming.core.middleware.RequestBodyLimitMiddleware``, ``REQUEST_MAX_BYTES``);
a chunked body without a length is refused with 411. Nothing is saved. A body of exactly
the limit still reaches the form, and the largest workbook allowed is judged by what it
holds, not refused for its size."""

import io
from typing import Any

from django.conf import settings
from django.core import signals
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse
from tests.conftest import login

from wenming.audit.models import AuditEvent
from wenming.registry.models import ImportJob, Organization

MB = 1024 * 1024
HUNDRED_MB = 100 * MB
BOUNDARY = "----wenming-hostile"


class EndlessBody(io.RawIOBase):
    """A request body of ``size`` bytes made as it is read, counting what was read."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.taken = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = min(len(buffer), self.size - self.taken)
        buffer[:n] = b"x" * n
        self.taken += n
        return n


def multipart_head() -> bytes:
    return (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="file"; filename="big.xlsx"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()


def multipart_of(size: int) -> bytes:
    """A whole multipart body of exactly ``size`` bytes: one file named big.xlsx."""
    head, tail = multipart_head(), f"\r\n--{BOUNDARY}--\r\n".encode()
    return head + b"x" * (size - len(head) - len(tail)) + tail


def post_body(client: Client, body: bytes) -> tuple[int, str]:
    response = client.generic(
        "POST",
        reverse("registry:import"),
        data=body,
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )
    return response.status_code, response.content.decode()


def test_the_largest_allowed_workbook_is_judged_by_its_content_not_refused(
    world, cast, client
) -> None:
    login(client, cast.county)
    upload = SimpleUploadedFile("big.xlsx", b"x" * settings.IMPORT_MAX_BYTES)
    response = client.post(reverse("registry:import"), {"file": upload})
    text = response.content.decode()
    assert response.status_code == 200
    assert "文件内容不是 Excel 工作簿（.xlsx）。" in text
    assert "已拒收" not in text
    upload = SimpleUploadedFile("big.xlsx", b"x" * (settings.IMPORT_MAX_BYTES + 1))
    response = client.post(reverse("registry:import"), {"file": upload})
    assert "文件超过 50 MB。请拆分后分批导入。" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_a_body_of_the_limit_reaches_the_form_and_one_byte_more_is_refused(
    world, cast, client
) -> None:
    login(client, cast.county)
    limit = settings.REQUEST_MAX_BYTES
    code, text = post_body(client, multipart_of(limit))
    assert code == 200
    assert "文件超过 50 MB" in text  # the form's own message: the body got through
    code, text = post_body(client, multipart_of(limit + 1))
    assert code == 413
    assert "上传的内容超过 51 MB，已拒收" in text
    assert ImportJob.objects.count() == 0


def test_a_declared_100_mb_body_is_refused_unread(world, cast, client) -> None:
    login(client, cast.county)
    before = (ImportJob.objects.count(), Organization.objects.count(), AuditEvent.objects.count())
    response = client.generic(
        "POST",
        reverse("registry:import"),
        data=multipart_head(),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(HUNDRED_MB),
    )
    assert response.status_code == 413
    text = response.content.decode()
    assert "上传的内容超过 51 MB，已拒收" in text
    after = (ImportJob.objects.count(), Organization.objects.count(), AuditEvent.objects.count())
    assert after == before


def test_a_real_streamed_100_mb_body_is_refused_after_reading_nothing(db) -> None:
    body = EndlessBody(HUNDRED_MB)
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": reverse("registry:import"),
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "CONTENT_LENGTH": str(HUNDRED_MB),
        "wsgi.input": io.BufferedReader(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
    }
    statuses: list[str] = []
    # As the test client does: the handler's end of request would close the test database.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        response = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
        text = b"".join(response).decode()
        response.close()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    assert statuses[0].startswith("413")
    assert "已拒收" in text
    assert body.taken == 0
    assert ImportJob.objects.count() == 0


def test_a_chunked_body_without_a_length_is_refused(world, cast, client) -> None:
    login(client, cast.county)
    response = client.generic(
        "POST",
        reverse("registry:import"),
        data=b"",
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        HTTP_TRANSFER_ENCODING="chunked",
    )
    assert response.status_code == 411
    assert "请求未声明长度" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_an_ordinary_page_still_opens(world, cast, client) -> None:
    login(client, cast.county)
    assert client.get(reverse("registry:import")).status_code == 200
