"""Whether an uploaded official document (正式文件) shows its red header and its seal
(docs/rules.md#red-header-and-seal): its first and last pages rendered small by poppler's
``pdftoppm``, then judged by ``wenming.domain.evidence.official_marks``.

The PDF is an upload, so poppler runs as a separate process with a time limit, in a
temporary directory of its own, at a fixed small size whatever the page's declared size
(a page of several metres costs no more than A4). Anything that goes wrong (poppler
missing, a damaged file, the time limit) gives ``None``: not looked at, so no warning.

No Django here: ``campaigns.evidence_files`` calls it while reading an upload.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import IO, NamedTuple

from PIL import Image

from wenming.domain.evidence.official_marks import has_red_header, has_seal

PDFTOPPM = "pdftoppm"
# The longest side of a rendered page, in pixels: A4 at about 41 dpi, where the office's
# name, the separator line and a 42 mm seal are all still clear.
SCALE_TO = 480
TIMEOUT_SECONDS = 15.0
# A rendered page larger than this is refused unread (poppler keeps to SCALE_TO; this
# only guards against a surprise).
MAX_PIXELS = 4 * SCALE_TO * SCALE_TO


class OfficialMarks(NamedTuple):
    """Red header on the first page, seal on the last; ``None`` where not looked at."""

    red_header: bool | None
    seal: bool | None


NOT_LOOKED = OfficialMarks(None, None)


def official_marks(source: bytes | IO[bytes] | os.PathLike[str], page_count: int) -> OfficialMarks:
    """Look for the red header on page 1 and the seal on page ``page_count``."""
    if page_count < 1:
        return NOT_LOOKED
    with tempfile.TemporaryDirectory(prefix="wenming-marks-") as tmp:
        pdf = _as_file(source, Path(tmp))
        first = render_page(pdf, 1, Path(tmp))
        last = first if page_count == 1 else render_page(pdf, page_count, Path(tmp))
        return OfficialMarks(
            red_header=None if first is None else has_red_header(first),
            seal=None if last is None else has_seal(last),
        )


def render_page(pdf: Path, page: int, workdir: Path) -> Image.Image | None:
    """One page as a small RGB image, or ``None`` if poppler cannot render it in time."""
    executable = shutil.which(PDFTOPPM)
    if executable is None:
        return None  # poppler is not installed: nothing is looked at
    stem = workdir / f"page-{page}"
    command = [
        executable,
        *("-f", str(page), "-l", str(page)),
        *("-scale-to", str(SCALE_TO)),
        "-singlefile",
        str(pdf),
        str(stem),
    ]
    try:
        # A fixed program and options; the file is a temporary copy of our own.
        subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT_SECONDS)  # noqa: S603
        with Image.open(stem.with_suffix(".ppm")) as image:
            if image.width * image.height > MAX_PIXELS:
                return None
            return image.convert("RGB")
    except (OSError, subprocess.SubprocessError, ValueError):
        # Missing poppler, a damaged page, the time limit, an unreadable output: the pages
        # are simply not looked at.
        return None


def _as_file(source: bytes | IO[bytes] | os.PathLike[str], tmp: Path) -> Path:
    if isinstance(source, os.PathLike):
        return Path(source)
    target = tmp / "document.pdf"
    if isinstance(source, bytes):
        target.write_bytes(source)
    else:
        source.seek(0)
        with target.open("wb") as out:
            while chunk := source.read(1024 * 1024):
                out.write(chunk)
    return target
