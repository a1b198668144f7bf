"""Checking a veto's supporting document by its content: it must be a readable PDF.

The uploader's file name and declared type are never trusted; the bytes are read by
libmagic and the PDF opened by pypdf. The SHA-256 is kept to check the file on download.
"""

import hashlib
import io
from dataclasses import dataclass
from typing import IO

import magic
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from wenming.documents import safety

MAX_BYTES = 20 * 1024 * 1024
PDF = "application/pdf"


@dataclass(frozen=True)
class CheckedDocument:
    content: bytes
    name: str
    sha256: str


def check_pdf(upload: IO[bytes], name: str) -> CheckedDocument:
    """The upload's bytes if they are a PDF that opens, else a ValidationError naming it."""
    content = upload.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise ValidationError(_("文件“%(name)s”超过20MB。") % {"name": name}, code="too_large")
    if magic.from_buffer(content[:65536], mime=True) != PDF:
        raise ValidationError(
            _("文件“%(name)s”不是PDF文件，请上传PDF格式的依据文件。") % {"name": name},
            code="not_pdf",
        )
    # Truncated, encrypted or scripted PDFs are refused by the one upload check; the
    # department sees which of its files it was.
    try:
        safety.check_pdf(content)
    except safety.HostileFile as refusal:
        reason = " ".join(refusal.messages)
        raise ValidationError(
            _("文件“%(name)s”：%(reason)s") % {"name": name, "reason": reason}, code=refusal.code
        ) from refusal
    try:
        pages = len(PdfReader(io.BytesIO(content)).pages)
    except (PdfReadError, ValueError, OSError):
        pages = 0
    if pages < 1:
        raise ValidationError(
            _("文件“%(name)s”已损坏，无法打开。") % {"name": name}, code="broken_pdf"
        )
    return CheckedDocument(content, name[:255], hashlib.sha256(content).hexdigest())
