"""Uploads of the work rules (meeting papers, report attachments): checked by content,
stored under a random key, downloaded only while their hash still matches."""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _

from wenming.documents.downloads import verified_download
from wenming.documents.safety import EXTENSION_TYPES, check_upload, display_name

from .models import StoredFile

MAX_FILE_BYTES = 20 * 1024 * 1024
FILE_TYPES = {
    "application/pdf": ".pdf",
    EXTENSION_TYPES[".docx"]: ".docx",
    "image/jpeg": ".jpg",
    "image/png": ".png",
}


@dataclass(frozen=True)
class Upload:
    """An uploaded file as the services take it: its name and its bytes."""

    name: str
    content: bytes


def checked(upload: Upload) -> tuple[str, str]:
    """The display name and content type of an acceptable upload; refused in words."""
    name = display_name(upload.name, default="file")
    if len(upload.content) > MAX_FILE_BYTES:
        raise ValidationError(
            _("文件“%(name)s”超过20MB，请压缩后重新上传。") % {"name": name}, code="too_large"
        )
    content_type = check_upload(upload.content, name)
    if name.lower().endswith(".docx") and content_type == "application/zip":
        content_type = EXTENSION_TYPES[".docx"]
    if content_type not in FILE_TYPES:
        raise ValidationError(
            _("文件“%(name)s”不是PDF、Word（.docx）或图片（JPEG、PNG），请转换后重新上传。")
            % {"name": name},
            code="file_type",
        )
    return name, content_type


def attach(row: StoredFile, upload: Upload) -> None:
    """Check ``upload`` and store it on ``row`` (not yet saved)."""
    name, content_type = checked(upload)
    row.original_name = name
    row.content_type = content_type
    row.sha256 = hashlib.sha256(upload.content).hexdigest()
    row.file.save(f"file{FILE_TYPES[content_type]}", ContentFile(upload.content), save=False)


def download(row: StoredFile) -> HttpResponse | FileResponse:
    return verified_download(
        row.file,
        row.sha256,
        filename=row.original_name,
        content_type=row.content_type,
        tampered=_("文件已被改动，与上传时不一致，不能下载。请联系系统管理员。"),
    )
