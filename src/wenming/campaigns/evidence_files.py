"""Reading an uploaded evidence file by its content, safely, into ``FileFacts``
(docs/rules.md#evidence).

The uploader's file name is never trusted: the type comes from the bytes (libmagic through
python-magic), so a PNG renamed ``.jpg`` is a PNG. Images are measured from their header
before any pixel is decoded, and refused unread beyond a pixel limit, so a decompression
bomb costs nothing; PDFs are opened leniently and a broken one becomes a defect, never a
crash; reports give up their text (Word, PDF or plain text) for the rules of
``wenming.domain.evidence`` to read.

No Django here: the module is used by services, commands and tests alike.
"""

from __future__ import annotations

import io
import os
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import docx
import imagehash
import magic
import yaml
from PIL import Image, ImageFile
from pypdf import PdfReader

from wenming.documents.official_marks import NOT_LOOKED, official_marks
from wenming.documents.safety import IMAGE_MAX_PIXELS, HostileFile, check_docx
from wenming.domain.evidence import (
    Captions,
    Defect,
    Element,
    EvidenceItem,
    EvidenceKind,
    EvidenceRules,
    FileFacts,
    load_rules,
)

RULES_FILE = Path(__file__).parent / "data" / "evidence-rules.yaml"
DEFAULT_MAX_PIXELS = IMAGE_MAX_PIXELS
# Evidence files are a few MB; anything far beyond is refused without parsing it, so that an
# oversized upload costs a size check, not a parse.
DEFAULT_MAX_READ_BYTES = 64 * 1024 * 1024
# libmagic needs a few kilobytes to tell a .docx from any zip.
HEAD_BYTES = 64 * 1024

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
TEXT = "text/plain"

Source = bytes | str | os.PathLike[str]
NO_CAPTIONS = Captions()


@dataclass(frozen=True)
class InspectedEvidence:
    """An uploaded file as read: the name it came with (for display only) and its facts;
    for a photo, its perceptual hash (docs/rules.md#photo-trust), or "" when unreadable."""

    declared_name: str
    kind: EvidenceKind
    facts: FileFacts
    phash: str = ""

    def item(
        self,
        *,
        captions: Captions = NO_CAPTIONS,
        volunteer_activity: bool = False,
        organization_names: tuple[str, ...] = (),
        confirmed: frozenset[Element] = frozenset(),
        measures_required: bool = False,
    ) -> EvidenceItem:
        """The evidence item the rules check: these facts plus what the uploader declared."""
        return EvidenceItem(
            kind=self.kind,
            file=self.facts,
            captions=captions,
            volunteer_activity=volunteer_activity,
            organization_names=organization_names,
            confirmed=confirmed,
            measures_required=measures_required,
        )


@lru_cache(maxsize=1)
def default_rules() -> EvidenceRules:
    """The rule set shipped in ``campaigns/data/evidence-rules.yaml``.

    An explicit cache of one entry, for speed (every upload checks against it, and the
    file is read, parsed and validated once). The file is part of the code: only a
    deploy changes it, and a deploy starts new processes, so nothing else invalidates
    the entry; a test that replaces the file calls ``default_rules.cache_clear()``.
    A campaign's own photo-theme pattern is applied on top by
    ``selectors.applications.evidence_rules_for``, never stored here."""
    with RULES_FILE.open(encoding="utf-8") as stream:
        return load_rules(yaml.safe_load(stream))


def inspect(
    data: Source,
    declared_name: str,
    kind: EvidenceKind,
    *,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    max_read_bytes: int = DEFAULT_MAX_READ_BYTES,
) -> InspectedEvidence:
    """Read a file (its bytes, or a path to it) for the evidence rules."""
    size = len(data) if isinstance(data, bytes) else os.stat(data).st_size
    with _open(data) as stream:
        head = stream.read(HEAD_BYTES)
        if not head:
            facts = FileFacts(content_type="", size=0, defect=Defect.EMPTY)
            return InspectedEvidence(declared_name, kind, facts)
        content_type = _content_type(head, stream)
        if size > max_read_bytes:
            facts = FileFacts(content_type, size, defect=Defect.TOO_LARGE_TO_READ)
        else:
            stream.seek(0)
            facts = _read(stream, content_type, size, kind, max_pixels)
        phash = ""
        if kind is EvidenceKind.PHOTO and _sound(facts, max_pixels):
            stream.seek(0)
            facts, phash = _photo_marks(stream, facts)
    return InspectedEvidence(declared_name, kind, facts, phash)


def _sound(facts: FileFacts, max_pixels: int) -> bool:
    """An image decoded whole and within the pixel limit: safe to decode again."""
    if not facts.content_type.startswith("image/") or facts.defect is not None:
        return False
    return facts.width is not None and facts.width * (facts.height or 0) <= max_pixels


@contextmanager
def _open(data: Source) -> Iterator[IO[bytes]]:
    if isinstance(data, bytes):
        yield io.BytesIO(data)
    else:
        with open(data, "rb") as stream:
            yield stream


def _content_type(head: bytes, stream: IO[bytes]) -> str:
    found: str = magic.from_buffer(head, mime=True)
    if found == "application/zip" and _is_docx(stream):
        # libmagic names a .docx only when its parts come first in the archive; Word and
        # WPS do not always write them in that order.
        return DOCX
    return found


def _is_docx(stream: IO[bytes]) -> bool:
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return {"[Content_Types].xml", "word/document.xml"} <= names


def _read(
    stream: IO[bytes], content_type: str, size: int, kind: EvidenceKind, max_pixels: int
) -> FileFacts:
    if content_type.startswith("image/"):
        return _read_image(stream, content_type, size, max_pixels)
    if content_type == PDF:
        return _read_pdf(
            stream,
            size,
            want_text=kind is EvidenceKind.REPORT,
            want_marks=kind is EvidenceKind.OFFICIAL_DOCUMENT,
        )
    if content_type == DOCX:
        return _read_docx(stream, size)
    if content_type == TEXT:
        return FileFacts(content_type, size, text=_decode(stream.read()))
    # Anything else is refused by the rules for its type; there is nothing more to read.
    return FileFacts(content_type, size)


def _read_image(stream: IO[bytes], content_type: str, size: int, max_pixels: int) -> FileFacts:
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice it; a warning is a refusal
            # here. (The filter is process-wide; if another thread resets it, the pixel check
            # below still refuses the image before it is decoded.)
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Image.open reads the header only; nothing is decoded until load().
            with Image.open(stream) as image:
                width, height = image.size
                if width * height > max_pixels:
                    return FileFacts(content_type, size, width=width, height=height)
                _decode_cheaply(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return FileFacts(content_type, size, defect=Defect.DECOMPRESSION_BOMB)
    except Exception:
        # A damaged or truncated image can fail anywhere in Pillow's decoders (OSError,
        # SyntaxError, ValueError, struct.error...); for the user it is one thing: unreadable.
        return FileFacts(content_type, size, defect=Defect.UNREADABLE)
    return FileFacts(content_type, size, width=width, height=height)


def _decode_cheaply(image: Image.Image) -> None:
    """Prove the image data decodes, without holding a full-size bitmap in memory."""
    # WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES on import, which would
    # let a truncated upload pass once any PDF was rendered in the process: insist on
    # whole images here. (Another thread rendering a PDF meanwhile is only made stricter.)
    saved = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        _decode_image(image)
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = saved


def _decode_image(image: Image.Image) -> None:
    if image.format == "JPEG":
        # A JPEG decodes at 1/8 scale for the price of its entropy data: a truncated or
        # corrupt file still fails, and a 50-megapixel photo needs under 3 MB.
        image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
        image.load()
    else:
        image.verify()


#: A photo is hashed from a decode of about this many pixels on its longer side: pHash
#: reduces it to 32 × 32 anyway, and a JPEG decodes at 1/8 scale for a fraction of the cost.
HASH_DECODE_SIDE = 256
#: EXIF tags: the Exif sub-IFD, the moment the photo was taken in it, and the file's own
#: date in the main IFD, the fallback (often the time it was last edited).
EXIF_IFD = 0x8769
DATE_TIME_ORIGINAL = 0x9003
DATE_TIME = 0x0132


def _photo_marks(stream: IO[bytes], facts: FileFacts) -> tuple[FileFacts, str]:
    """A checked photo's capture date and perceptual hash. Any failure leaves them out:
    they are evidence for a reviewer, never a reason to refuse the file."""
    saved = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False  # as in _decode_cheaply: whole images only
    try:
        with Image.open(stream) as image:
            captured = _captured_on(image)
            scale = max(1, max(image.size) // HASH_DECODE_SIDE)
            image.draft("RGB", (max(1, image.width // scale), max(1, image.height // scale)))
            image.load()
            phash = str(imagehash.phash(image))
    except Exception:
        # Already decoded once by _read_image; a second failure (a Pillow corner case) only
        # costs the marks.
        return facts, ""
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = saved
    return replace(facts, captured_on=captured), phash


def _captured_on(image: Image.Image) -> date | None:
    try:
        exif = image.getexif()
        raw = exif.get_ifd(EXIF_IFD).get(DATE_TIME_ORIGINAL) or exif.get(DATE_TIME)
    except Exception:
        return None  # a damaged EXIF block: no date, as if none was recorded
    if not isinstance(raw, str):
        return None
    try:
        # "YYYY:MM:DD HH:MM:SS"; cameras without a clock write zeros or blanks.
        # The capture moment is local time with no zone; only its calendar day is used.
        return date.fromisoformat(raw.strip()[:10].replace(":", "-"))
    except ValueError:
        return None


def _read_pdf(stream: IO[bytes], size: int, *, want_text: bool, want_marks: bool) -> FileFacts:
    try:
        reader = PdfReader(stream, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return FileFacts(PDF, size, defect=Defect.ENCRYPTED)
        pages = len(reader.pages)
        text = "\n".join(page.extract_text() or "" for page in reader.pages) if want_text else None
    except Exception:
        # pypdf raises many types on damaged input (PdfReadError, KeyError, ValueError,
        # RecursionError...); a broken PDF is a finding for the uploader, not a server error.
        return FileFacts(PDF, size, defect=Defect.UNREADABLE)
    # An official document's first and last pages are looked at for the red header and the
    # seal; a page that cannot be rendered or judged says nothing (None), never a warning.
    try:
        marks = official_marks(stream, pages) if want_marks and pages else NOT_LOOKED
    except Exception:
        marks = NOT_LOOKED
    return FileFacts(
        PDF, size, page_count=pages, text=text, red_header=marks.red_header, seal=marks.seal
    )


def _read_docx(stream: IO[bytes], size: int) -> FileFacts:
    try:
        # A .docx is a zip: the one archive guard reads its sizes and ratio before
        # python-docx inflates anything.
        check_docx(stream)
    except HostileFile as refusal:
        bomb = refusal.code in {"zip_bomb", "zip_ratio", "zip_members"}
        return FileFacts(
            DOCX, size, defect=Defect.DECOMPRESSION_BOMB if bomb else Defect.UNREADABLE
        )
    try:
        stream.seek(0)
        document = docx.Document(stream)
        lines: list[str] = []
        headings = numbered = 0
        for paragraph in document.paragraphs:
            lines.append(paragraph.text)
            if not paragraph.text.strip():
                continue
            headings += _is_heading(paragraph)
            numbered += _is_numbered(paragraph)
        # Figures often sit in tables; their text counts for the report too.
        for table in document.tables:
            for row in table.rows:
                lines.append("\t".join(cell.text for cell in row.cells))
    except Exception:
        # A damaged archive or document part: unreadable, whatever python-docx raised.
        return FileFacts(DOCX, size, defect=Defect.UNREADABLE)
    return FileFacts(
        DOCX, size, text="\n".join(lines), heading_count=headings, numbered_paragraphs=numbered
    )


def _is_heading(paragraph: Any) -> bool:
    # Word stores built-in style names in English whatever the interface language.
    name = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
    return name.startswith(("heading", "title"))


def _is_numbered(paragraph: Any) -> bool:
    """Word's automatic numbering is not in the paragraph's text, only in its properties."""
    if paragraph._p.xpath("./w:pPr/w:numPr"):
        return True
    style = paragraph.style
    while style is not None:
        if style.element.xpath("./w:pPr/w:numPr"):
            return True
        style = style.base_style
    return False


def _decode(raw: bytes) -> str:
    # Plain-text reports from Chinese Windows machines are often GBK rather than UTF-8.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")
