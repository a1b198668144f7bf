"""A bulletin (通报) as Word (python-docx) and as PDF (WeasyPrint), in the layout offices use.

Title, addressees, body sections, the attachment's ranking tables, the issuing office and
date. Every text arrives translated in ``BulletinContent``; nothing here is user-facing
text. Word runs carry the East-Asian font attribute, or Word and LibreOffice would set
the Chinese in a Latin font's fallback.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.html import escape
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_PARAGRAPH_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.styles.style import CharacterStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from .fonts import font_css
from .pdf import render_pdf

SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"


@dataclass(frozen=True)
class RankingTable:
    heading: str  # e.g. （一）现有全国文明单位排名（7个）
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Section:
    heading: str  # may be empty
    text: str  # paragraphs separated by blank or single newlines


@dataclass(frozen=True)
class BulletinContent:
    title: str
    addressees: str
    sections: tuple[Section, ...]
    attachment_title: str  # e.g. 附件：2018年年中集中考核分类排名
    tables: tuple[RankingTable, ...]
    issuing_office: str
    issued_on: str  # already formatted, e.g. 2018年8月20日
    empty_table_text: str = ""


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# --- Word -----------------------------------------------------------------------------------


def _font(
    element: Run | CharacterStyle, name: str, size: float | None = None, bold: bool = False
) -> None:
    """Set a run's or style's Latin and East-Asian font."""
    font = element.font
    font.name = name
    font.bold = bold or None
    if size:
        font.size = Pt(size)
    rpr = element.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _para(
    document: DocxDocument,
    text: str,
    *,
    indent: bool = True,
    align: WD_PARAGRAPH_ALIGNMENT | None = None,
) -> Paragraph:
    paragraph = document.add_paragraph()
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(24)  # two characters
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.15
    paragraph.add_run(text)
    return paragraph


def build_docx(content: BulletinContent) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.0)
    section.left_margin, section.right_margin = Cm(2.6), Cm(2.4)
    _font(document.styles["Normal"], SERIF, 12)

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(8)
    _font(title.add_run(content.title), SANS, 18, bold=True)
    if content.addressees:
        _para(document, content.addressees, indent=False)
    for part in content.sections:
        if part.heading:
            _font(_para(document, part.heading).runs[0], SANS, 12, bold=True)
        for text in _paragraphs(part.text):
            _para(document, text)
    _para(document, content.attachment_title)
    signature = _para(
        document, content.issuing_office, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT
    )
    signature.paragraph_format.space_before = Pt(12)
    _para(document, content.issued_on, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)

    heading = _para(document, content.attachment_title, indent=False)
    heading.paragraph_format.space_before = Pt(8)
    _font(heading.runs[0], SANS, 12, bold=True)
    for table in content.tables:
        _font(_para(document, table.heading, indent=False).runs[0], SANS, 10.5, bold=True)
        if not table.rows:
            _para(document, content.empty_table_text, indent=False)
            continue
        grid = document.add_table(rows=1, cols=len(table.columns))
        grid.style = "Table Grid"
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(grid.rows[0].cells, table.columns, strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(text), SANS, 9, bold=True)
        for row in table.rows:
            cells = grid.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = ""
                _font(cell.paragraphs[0].add_run(text), SERIF, 9)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- PDF --------------------------------------------------------------------------------------

_CSS = """
@page { size: A4; margin: 25mm 24mm 20mm 26mm;
  @bottom-center { content: "— " counter(page) " —"; font-size: 10pt; } }
body { font-size: 12pt; line-height: 1.5; color: #000; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 8mm; line-height: 1.4; }
p { margin: 0; text-indent: 2em; }
p.flush { text-indent: 0; }
p.right { text-align: right; text-indent: 0; }
p.sign { margin-top: 8mm; }
h2 { font-size: 12pt; margin: 2mm 0 0; text-indent: 2em; }
h3 { font-size: 12pt; margin: 4mm 0 1mm; }
h4 { font-size: 10.5pt; margin: 2mm 0 1mm; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; line-height: 1.25; }
th, td { border: .6pt solid #000; padding: .6mm 2mm; }
th { font-weight: 700; }
td.c, th { text-align: center; }
tr { page-break-inside: avoid; }
"""


def bulletin_html(content: BulletinContent) -> str:
    out = [
        '<!doctype html><html lang="zh-hans"><head><meta charset="utf-8">',
        f"<title>{escape(content.title)}</title><style>{font_css()}{_CSS}</style></head><body>",
        f"<h1>{escape(content.title)}</h1>",
    ]
    if content.addressees:
        out.append(f'<p class="flush">{escape(content.addressees)}</p>')
    for part in content.sections:
        if part.heading:
            out.append(f"<h2>{escape(part.heading)}</h2>")
        out.extend(f"<p>{escape(text)}</p>" for text in _paragraphs(part.text))
    out.append(f"<p>{escape(content.attachment_title)}</p>")
    out.append(f'<p class="right sign">{escape(content.issuing_office)}</p>')
    out.append(f'<p class="right">{escape(content.issued_on)}</p>')
    out.append(f"<h3>{escape(content.attachment_title)}</h3>")
    for table in content.tables:
        out.append(f"<h4>{escape(table.heading)}</h4>")
        if not table.rows:
            out.append(f'<p class="flush">{escape(content.empty_table_text)}</p>')
            continue
        head = "".join(f"<th>{escape(c)}</th>" for c in table.columns)
        body = "".join(
            "<tr>"
            + "".join(
                f'<td class="c">{escape(v)}</td>' if i != 1 else f"<td>{escape(v)}</td>"
                for i, v in enumerate(row)
            )
            + "</tr>"
            for row in table.rows
        )
        out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    out.append("</body></html>")
    return "".join(out)


def build_pdf(content: BulletinContent) -> bytes:
    return render_pdf(bulletin_html(content))
