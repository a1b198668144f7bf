"""A long PDF rendered in parts and merged (``parts_pdf``) is what one render would be: its
pages numbered n / N across the parts, its Chinese text whole, and about its size (the
stamp left each page's compressed drawing as it was; merge_page wrote it back raw)."""

import io

from pypdf import PdfReader

from wenming.documents.fonts import font_css
from wenming.documents.pdf import parts_pdf, render_pdf

PAGE = "@page { size: A4; margin: 18mm 15mm; }"
NUMBERED = (
    '@page { size: A4; margin: 18mm 15mm; @bottom-center { content: counter(page) " / " '
    "counter(pages); font-size: 9pt; } }"
)
ROWS = 240
PART = 80  # three parts, each of several pages


def _html(rows: range, page_css: str) -> str:
    lines = "".join(
        f"<tr><td>{n}</td><td>文明单位第{n:04d}号</td><td>东城区</td><td>{n % 97}.5</td></tr>"
        for n in rows
    )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><style>{font_css()}\n{page_css}"
        "</style></head><body><table><thead><tr><th>名次</th><th>单位名称</th><th>县市区</th>"
        f"<th>总分</th></tr></thead><tbody>{lines}</tbody></table></body></html>"
    )


def _merged() -> bytes:
    parts = (_html(range(start, start + PART), PAGE) for start in range(1, ROWS + 1, PART))
    out = io.BytesIO()
    pages = parts_pdf(parts, out, page_css=NUMBERED, font_css=font_css())
    assert pages == len(PdfReader(io.BytesIO(out.getvalue())).pages)
    return out.getvalue()


def test_a_pdf_in_parts_is_numbered_across_them_and_keeps_its_text():
    reader = PdfReader(io.BytesIO(_merged()))
    total = len(reader.pages)
    assert total > 3  # several pages per part
    texts = [page.extract_text().replace(" ", "") for page in reader.pages]
    assert [text.splitlines()[-1] for text in texts] == [
        f"{n}/{total}" for n in range(1, total + 1)
    ]
    whole = "".join(texts)
    assert [
        n for n in (1, PART, PART + 1, 2 * PART + 1, ROWS) if f"文明单位第{n:04d}号" not in whole
    ] == []
    assert texts[0].count("名次") == 1  # each page carries its part's table header once
    assert all(page.mediabox == reader.pages[0].mediabox for page in reader.pages)


def test_a_pdf_in_parts_is_about_the_size_of_one_render():
    merged = _merged()
    whole = render_pdf(_html(range(1, ROWS + 1), NUMBERED))
    # Each part embeds its own font subsets; the pages' drawing stays compressed (it was
    # several times the size).
    assert len(merged) < 1.6 * len(whole)
