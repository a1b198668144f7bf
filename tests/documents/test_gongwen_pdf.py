"""The 公文 builder's PDF, measured on the rendered page (GB/T 9704-2012).

Pages are rendered by poppler at 72 dpi, so one pixel is 0.35 mm; an ink bounding box is
the extent of the pixels darker than mid-grey. Tolerances, and why:

- left and top: glyphs sit inside their em box (side bearings, half-leading of the 28.95 pt
  line), so ink starts at or just inside the margin: at least margin − 0.5 mm (anti-aliasing
  and the pixel grid) and at most a few millimetres in.
- right: justified lines run to the right margin; a line ending in a full-width
  punctuation mark leaves its blank half, so the right margin is 26 mm − 0.5 mm at least
  and at most 26 + 3 mm on a full page.
- bottom: the 22nd line's descenders end above the 版心's lower edge (262 mm); the page
  number "— 2 —" stands below it, its dashes about 7 mm down.
"""

import io
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from wenming.documents.gongwen import build_pdf

from .gongwen_sample import MARK, NUMBER, OFFICE, TITLE, sample_document

MM_PER_PX = 25.4 / 72


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    return build_pdf(sample_document())


@pytest.fixture(scope="module")
def pages_text(pdf_bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf_bytes))
    return [page.extract_text().replace(" ", "").replace("\n", "") for page in reader.pages]


def _render(pdf: bytes, page: int, tmp: Path) -> np.ndarray:
    source = tmp / "document.pdf"
    source.write_bytes(pdf)
    poppler = shutil.which("pdftoppm")
    assert poppler, "poppler-utils is installed by scripts/system-packages"
    # A fixed converter on the test's own file.
    subprocess.run(  # noqa: S603
        [
            poppler,
            "-r",
            "72",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            "-png",
            str(source),
            str(tmp / "page"),
        ],
        check=True,
        timeout=60,
    )
    return np.asarray(Image.open(tmp / "page.png").convert("RGB")).astype(int)


def _ink_rows_mm(ink: np.ndarray) -> np.ndarray:
    return np.where(ink.any(axis=1))[0] * MM_PER_PX


def test_a4_pages(pdf_bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf_bytes))
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_the_chinese_extracts_intact_in_the_documents_order(pages_text) -> None:
    first = pages_text[0]
    for text in (MARK, NUMBER, TITLE, "各镇街道，区直各单位：", "一、总体情况"):
        assert text in first
    everything = "".join(pages_text)
    order = [
        "附件：1.2026年年中集中考核分类排名",
        "2.考核组名单",
        OFFICE,
        "2026年12月1日",
    ]
    position = everything.index(TITLE)
    for text in order:  # each after the one before
        position = everything.index(text, position + 1)
    last = pages_text[-1]
    assert "抄送：区委宣传部，区文明委各成员单位。" in last
    assert "2026年12月2日印发" in last
    assert pages_text[-2].startswith("附件1")
    assert "2026年年中集中考核分类排名" in pages_text[-2]
    assert "第5单位" in pages_text[-2]
    assert last.startswith("附件2考核组名单")


def test_body_page_keeps_the_margins(pdf_bytes, tmp_path: Path) -> None:
    pixels = _render(pdf_bytes, 2, tmp_path)  # a full page of body text
    ink = pixels.sum(axis=2) < 3 * 128
    height_mm = ink.shape[0] * MM_PER_PX
    body = ink[: int(262 / MM_PER_PX) + 1]
    columns = np.where(body.any(axis=0))[0] * MM_PER_PX
    rows = _ink_rows_mm(body)
    left, right = columns[0], ink.shape[1] * MM_PER_PX - columns[-1]
    assert 28 - 0.5 <= left <= 28 + 1.5
    assert 26 - 0.5 <= right <= 26 + 3
    assert 37 - 0.5 <= rows[0] <= 37 + 5
    assert rows[-1] <= 262 + 0.5
    assert rows[-1] >= 262 - 10  # the page is full: its last line reaches the bottom
    number_rows = _ink_rows_mm(ink[int(262 / MM_PER_PX) + 1 :]) + 262
    assert number_rows[0] >= 262 + 5
    assert number_rows[-1] <= height_mm - 15


def test_red_mark_35_mm_below_the_text_area_top(pdf_bytes, tmp_path: Path) -> None:
    pixels = _render(pdf_bytes, 1, tmp_path)
    red = (pixels[..., 0] > 200) & (pixels[..., 1] < 90) & (pixels[..., 2] < 90)
    rows = _ink_rows_mm(red)
    assert 37 + 35 - 0.5 <= rows[0] <= 37 + 35 + 6  # the mark's top, then its rule lower
    columns = np.where(red.any(axis=0))[0] * MM_PER_PX
    # The red rule spans the 版心: 28 mm from the left, 26 mm from the right.
    assert abs(columns[0] - 28) <= 0.7
    assert abs(210 - columns[-1] - 26) <= 0.7


def test_colophon_ends_on_the_text_areas_lower_edge(pdf_bytes, tmp_path: Path) -> None:
    pages = len(PdfReader(io.BytesIO(pdf_bytes)).pages)
    pixels = _render(pdf_bytes, pages, tmp_path)
    ink = pixels.sum(axis=2) < 3 * 128
    # The bottom rule: a row of ink across most of the 版心, lowest on the page.
    rules = np.where(ink.sum(axis=1) > 0.9 * 156 / MM_PER_PX)[0] * MM_PER_PX
    assert abs(rules[-1] - 262) <= 1.0
    assert len({round(r) for r in rules}) >= 3  # thick, thin, thick
