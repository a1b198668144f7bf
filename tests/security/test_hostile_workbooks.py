"""Hostile workbooks through every workbook upload: organizations (page, service, command),
frameworks and duty rosters. Each is refused with a Chinese message and nothing is saved:
the 1.5 MB workbook that inflates to 1.5 GB, one that lies about its sizes, a truncated
one, and other files renamed ``.xlsx``."""

import io
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from tests.conftest import login
from tests.security.hostile import bomb_workbook, docx_bytes, lying_workbook, small_workbook
from tests.supervision.conftest import frameworks, midyear  # noqa: F401  (fixtures offered here)

from wenming.audit.models import AuditEvent
from wenming.documents.safety import HostileFile, check_workbook
from wenming.frameworks.models import Framework
from wenming.registry.importing import organizations_import
from wenming.registry.models import ImportJob, Organization
from wenming.supervision.models import DutyRecord

BOMB_MESSAGE = "疑似压缩炸弹，已拒收"
TRUNCATED_MESSAGE = "可能已损坏、上传不完整，或只是改了扩展名"
RENAMED_MESSAGE = "例如其他文档改了扩展名"
TAMPERED_MESSAGE = "比它声明的大小更大"


@pytest.fixture(scope="session")
def bomb() -> bytes:
    """About 1.5 MB that inflates to 1.5 GB."""
    return bomb_workbook()


def truncated() -> bytes:
    data = small_workbook()
    return data[: len(data) // 2]


def hostile_files(bomb: bytes) -> list[tuple[str, bytes, str]]:
    return [
        ("bomb", bomb, BOMB_MESSAGE),
        ("lying", lying_workbook(), TAMPERED_MESSAGE),
        ("truncated", truncated(), TRUNCATED_MESSAGE),
        ("docx", docx_bytes(), RENAMED_MESSAGE),
    ]


def peak_mb_during(call: Callable[[], Any]) -> tuple[Any, float]:
    """What ``call`` returns, and the most memory (MB) it held at once beyond what was
    held before: traced for this call alone (``ru_maxrss`` is the process's lifetime
    peak, which an earlier test may already have raised past any bomb)."""
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        held, _ = tracemalloc.get_traced_memory()
        result = call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        if started:
            tracemalloc.stop()
    return result, (peak - held) / (1024 * 1024)


def test_the_bomb_is_small_on_disk_and_huge_inflated(bomb) -> None:
    assert len(bomb) < 2 * 1024 * 1024
    with pytest.raises(HostileFile) as refused:
        check_workbook(bomb)
    assert BOMB_MESSAGE in refused.value.messages[0]


def test_organization_page_refuses_each_hostile_workbook_and_saves_nothing(
    world, cast, client, bomb, django_capture_on_commit_callbacks
) -> None:
    login(client, cast.county)
    before = (Organization.objects.count(), ImportJob.objects.count(), AuditEvent.objects.count())
    for label, data, message in hostile_files(bomb):
        upload = SimpleUploadedFile("单位.xlsx", data)
        with django_capture_on_commit_callbacks(execute=True):
            post = partial(client.post, reverse("registry:import"), {"file": upload})
            response, peak = peak_mb_during(post)
        assert response.status_code == 200, label  # the form again, not a redirect to a job
        assert message in response.content.decode(), label
        assert peak < 100, label  # refused before anything inflated it
    after = (Organization.objects.count(), ImportJob.objects.count(), AuditEvent.objects.count())
    assert after == before


def test_import_service_and_command_refuse_the_bomb_in_little_memory(
    world, cast, bomb, tmp_path: Path, capsys
) -> None:
    before = Organization.objects.count()
    result, peak = peak_mb_during(
        lambda: organizations_import(acting_user=cast.county, source=io.BytesIO(bomb))
    )
    assert [str(e.message) for e in result.errors] == [
        "文件解压后超过 200 MB，疑似压缩炸弹，已拒收。请拆分后分批上传。"
    ]
    assert peak < 100  # 1.67 GB before the guard
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb)
    with pytest.raises(SystemExit):
        call_command("import_organizations", str(path), "--as", "county")
    assert BOMB_MESSAGE in capsys.readouterr().err
    assert Organization.objects.count() == before


def test_framework_import_refuses_hostile_workbooks(client, cast, bomb) -> None:
    call_command("load_frameworks", stdout=io.StringIO())
    login(client, cast.city)
    before = (Framework.objects.count(), AuditEvent.objects.count())
    for label, data, message in hostile_files(bomb):
        upload = SimpleUploadedFile("体系.xlsx", data)
        response = client.post(reverse("frameworks:import"), {"file": upload})
        assert response.status_code == 200, label
        assert message in response.content.decode(), label
    assert (Framework.objects.count(), AuditEvent.objects.count()) == before


def test_duty_roster_upload_refuses_hostile_workbooks(client, cast, midyear, bomb) -> None:  # noqa: F811  (a fixture)
    url = reverse("supervision:roster_upload", args=[midyear.review.pk])
    login(client, cast.city)
    before = AuditEvent.objects.count()
    for label, data, message in hostile_files(bomb):
        upload = SimpleUploadedFile("roster.xlsx", data)
        text = client.post(url, {"file": upload}, follow=True).content.decode()
        assert "未导入任何记录" in text, label
        assert message in text, label
    assert DutyRecord.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_an_honest_workbook_still_passes_the_guard() -> None:
    check_workbook(small_workbook())
    check_workbook(io.BytesIO(small_workbook()))
