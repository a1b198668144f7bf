"""Serving a stored file only while its bytes still match the SHA-256 recorded at upload.

Screening's letters and veto documents and the appeals' files share this one check: a file
changed on disk behind the application's back is refused (409) with the caller's sentence.
"""

import hashlib
from typing import IO

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse


def sha256_of(stored: IO[bytes]) -> str:
    """The SHA-256 of a stored file, read in chunks."""
    digest = hashlib.sha256()
    for chunk in iter(lambda: stored.read(65536), b""):
        digest.update(chunk)
    return digest.hexdigest()


def verified_download(
    file: FieldFile, sha256: str, *, filename: str, content_type: str, tampered: str
) -> HttpResponse | FileResponse:
    """The file as an attachment, or 409 with ``tampered`` when its bytes changed."""
    with file.open("rb") as stored:
        intact = sha256_of(stored) == sha256
    if not intact:
        return HttpResponse(tampered, status=409)
    return FileResponse(
        file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
