"""Downloads: Chinese file names, and stored files served only while their bytes still match.

``content_disposition`` names every download the way offices save it
(第二十届市级文明单位测评排名.xlsx): RFC 6266 with the RFC 5987 ``filename*`` for the
Chinese name and an ASCII fallback for old clients. Screening's letters and veto documents
and the appeals' files share one SHA-256 check: a file changed on disk behind the
application's back is refused (409) with the caller's sentence.
"""

import hashlib
import re
import unicodedata
from typing import IO
from urllib.parse import quote

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def download_name(name: str) -> str:
    """A file name safe on Windows, macOS and phones: no path separators or reserved marks."""
    cleaned = _UNSAFE.sub("_", unicodedata.normalize("NFC", name)).strip(" .")
    return cleaned or "download"


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """``attachment; filename="ranking.xlsx"; filename*=UTF-8''%E7%AC%AC…`` for a download.

    The quoted ``filename`` keeps only the ASCII letters of the name (browsers that read
    ``filename*`` ignore it); the extension always survives.
    """
    name = download_name(filename)
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    ascii_stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("_") or "download"
    fallback = f"{ascii_stem}.{ext}" if ext else ascii_stem
    how = "inline" if inline else "attachment"
    return f"{how}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


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
