"""Hostile evidence, photos and PDFs through the pages that take them: the applicant's
evidence upload, the assessor's visit photos, a department's screening letter and a unit's
stamped recommendation report. Each is refused with a Chinese message; no row, no stored
file and no audit event is left behind. Names with ``../`` or control characters are kept
only as display text, the file under a random name."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from tests.assessment.conftest import assessment  # noqa: F401  (a fixture, offered here)
from tests.campaigns.conftest import campaign  # noqa: F401  (a fixture, offered here)
from tests.campaigns.test_evidence_files import jpeg
from tests.conftest import login
from tests.security.hostile import (
    blank_pdf,
    docx_bomb,
    encrypted_pdf,
    png_header,
    scripted_pdf,
    truncated_pdf,
)

from wenming.assessment import services as assessment_services
from wenming.assessment.models import Assignment
from wenming.audit.models import AuditEvent
from wenming.campaigns.models import Application, Evidence
from wenming.documents.safety import display_name
from wenming.visits.models import VisitPhoto


def png(width: int = 800, height: int = 600) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (10, 120, 10)).save(buffer, "PNG")
    return buffer.getvalue()


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


EVIDENCE_CASES = [
    ("png as jpg", "photo", "活动照片.jpg", png(), "文件内容与扩展名不符"),
    ("pdf as jpg", "photo", "照片.jpg", blank_pdf(), "文件内容与扩展名不符"),
    ("pixel flood", "media_screenshot", "截图.png", png_header(50_000, 50_000), "图片像素过多"),
    ("pdf opens js", "official_document", "发文.pdf", scripted_pdf("open"), "含有脚本"),
    ("pdf page js", "official_document", "发文.pdf", scripted_pdf("page"), "含有脚本"),
    ("pdf hex js", "official_document", "发文.pdf", scripted_pdf("hex"), "含有脚本"),
    ("pdf encrypted", "official_document", "发文.pdf", encrypted_pdf(), "已加密"),
    ("pdf truncated", "official_document", "发文.pdf", truncated_pdf(), "不完整"),
    ("docx bomb", "report", "报告.docx", docx_bomb(), "疑似压缩炸弹"),
]


@pytest.mark.parametrize(
    ("label", "kind", "name", "data", "message"), EVIDENCE_CASES, ids=[c[0] for c in EVIDENCE_CASES]
)
def test_evidence_upload_refuses_hostile_files_and_keeps_nothing(
    world,
    cast,
    campaign,  # noqa: F811  (a fixture)
    client,
    media,
    label,
    kind,
    name,
    data,
    message,
) -> None:
    login(client, cast.applicant)
    client.post(
        reverse("campaigns:start", args=[campaign.campaign.pk, campaign.unit.pk]),
        {"organization": world.east_unit.pk},
    )
    application = Application.objects.get()
    events = AuditEvent.objects.count()
    url = reverse("campaigns:evidence_upload", args=[application.pk, "4.1"])
    upload = SimpleUploadedFile(name, data)
    response = client.post(url, {"kind": kind, "file": upload, "activity": "道德讲堂"}, follow=True)
    assert message in response.content.decode()
    assert Evidence.objects.count() == 0
    assert stored_files(media) == []
    assert AuditEvent.objects.count() == events


def test_evidence_names_are_display_text_and_the_file_a_random_key(
    world,
    cast,
    campaign,  # noqa: F811  (a fixture)
    client,
    media,
) -> None:
    login(client, cast.applicant)
    client.post(
        reverse("campaigns:start", args=[campaign.campaign.pk, campaign.unit.pk]),
        {"organization": world.east_unit.pk},
    )
    application = Application.objects.get()
    url = reverse("campaigns:evidence_upload", args=[application.pk, "4.1"])
    upload = SimpleUploadedFile("../../../etc/cron.d/活动\u202egpj.jpg", jpeg(600_000))
    client.post(url, {"kind": "photo", "file": upload, "activity": "道德讲堂"})
    evidence = Evidence.objects.get()
    assert evidence.original_name == "活动gpj.jpg"
    assert ".." not in evidence.file.name
    assert "活动" not in evidence.file.name
    (stored,) = stored_files(media)
    assert stored.resolve().is_relative_to(media.resolve())


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Windows\\system32\\a.jpg", "a.jpg"),
        ("/abs/path/b.pdf", "b.pdf"),
        ("ev\x00il\x1b[31m.jpg", "evil[31m.jpg"),
        ("..", "file"),
        ("\u202eexe.jpg", "exe.jpg"),
        ("长" * 300 + ".pdf", "长" * 251 + ".pdf"),
    ],
)
def test_display_name_keeps_no_path_and_no_control_characters(name: str, shown: str) -> None:
    assert display_name(name) == shown


PHOTO_CASES = [
    ("png as jpg", "现场.jpg", png(), "文件内容与扩展名不符"),
    ("pixel flood", "现场.png", png_header(50_000, 50_000), "图片像素过多"),
]


@pytest.mark.parametrize(
    ("label", "name", "data", "message"), PHOTO_CASES, ids=["mismatch", "flood"]
)
def test_visit_photos_refuse_hostile_images(
    client,
    cast,
    assessment,  # noqa: F811  (a fixture)
    media,
    label,
    name,
    data,
    message,
) -> None:
    assessment_services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    assignment = Assignment.objects.filter(group=assessment.east_group).first()
    assert assignment is not None
    login(client, cast.assessor)
    events = AuditEvent.objects.count()  # after the login, which is audited itself
    url = reverse("assessment:visit", args=[assignment.pk])
    upload = SimpleUploadedFile(name, data)
    response = client.post(url, {"step": "site", "photo": upload}, follow=True)
    assert message in response.content.decode()
    assert VisitPhoto.objects.count() == 0
    assert stored_files(media) == []
    assert AuditEvent.objects.count() == events


def test_a_visit_photo_is_stored_under_a_random_name_with_its_true_suffix(
    client,
    cast,
    assessment,  # noqa: F811  (a fixture)
    media,
) -> None:
    assessment_services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    assignment = Assignment.objects.filter(group=assessment.east_group).first()
    assert assignment is not None
    login(client, cast.assessor)
    upload = SimpleUploadedFile("../现场\x07.png", png(80, 60))
    client.post(
        reverse("assessment:visit", args=[assignment.pk]), {"step": "site", "photo": upload}
    )
    photo = VisitPhoto.objects.get()
    assert photo.original_name == "现场.png"
    assert photo.file.name.startswith("visits/")
    assert photo.file.name.endswith(".png")
    assert "现场" not in photo.file.name
