"""An ``OfficialDocument`` as Word (python-docx), laid out per GB/T 9704-2012.

The page, grid and fonts follow ``gongwen_format``. Every run names its East-Asian font
(``w:rFonts w:eastAsia``), or Word and LibreOffice would set the Chinese in a Latin
font's fallback. Blank lines of the format are empty paragraphs one grid line high, as
clerks type them; the 版记 is a table floated to the bottom of the last page's 版心.
"""

from __future__ import annotations

import io
import math

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, RGBColor, Twips
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from . import gongwen_format as f
from .official import Block, OfficialDocument, Paragraph, Table
from .style import date_words

# A line grid only, with 16 pt runs condensed to a 15.75 pt pitch: 28 characters a line in
# Word, WPS and LibreOffice alike. (LibreOffice 7 snaps each 16 pt character of a
# "linesAndChars" grid to two 15.8 pt cells, halving the line.)
GRID_TYPE = "lines"
CONDENSE = math.floor((f.CHAR_PITCH_PT - f.SIZE_3) * 20)  # twentieths of a point: -5


def build_docx(doc: OfficialDocument) -> bytes:
    """The document as a .docx file."""
    document = Document()
    _page(document)
    _front(document, doc)
    _body(document, doc.body)
    _closing(document, doc)
    count = len(doc.attachments)
    for index, attachment in enumerate(doc.attachments, start=1):
        label = _para(document, f.attachment_label(index, count), font=f.HEITI, indent=0)
        label.paragraph_format.page_break_before = True
        _blank(document)
        _title(document, attachment.title)
        _blank(document)
        _body(document, attachment.blocks)
    _colophon(document, doc)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- page -------------------------------------------------------------------------------------


def _page(document: DocxDocument) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(f.PAGE_WIDTH_MM), Mm(f.PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(f.MARGIN_TOP_MM), Mm(f.MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(f.MARGIN_LEFT_MM), Mm(f.MARGIN_RIGHT_MM)
    section.header_distance = Mm(15)
    # The footer's line (4号, ≈ 6 mm) ends where its top stands 7 mm below the 版心.
    section.footer_distance = Mm(f.MARGIN_BOTTOM_MM - f.PAGE_NUMBER_BELOW_MM - 6)
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), GRID_TYPE)
    grid.set(qn("w:linePitch"), str(round(f.LINE_PITCH_PT * 20)))  # twips
    # The character pitch Word shows in its grid dialog (in 1/4096 pt off the 16 pt font).
    grid.set(qn("w:charSpace"), str(round((f.CHAR_PITCH_PT - f.SIZE_3) * 4096)))

    normal = document.styles["Normal"]
    normal.font.size = Pt(f.SIZE_3)
    _fonts(normal.element.get_or_add_rPr(), f.FANGSONG)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = Pt(f.LINE_PITCH_PT)
    # No extra space between Chinese and digits or Latin letters (Word's and LibreOffice's
    # "autospace"): 清文明办〔2026〕1号, not "1 号", and lines keep the 28-character grid.
    normal_ppr = normal.element.get_or_add_pPr()
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        _insert(normal_ppr, tag).set(qn("w:val"), "0")

    # Page numbers "— 1 —": odd pages right, even pages left, one character in.
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(paragraph: DocxParagraph, align: WD_ALIGN_PARAGRAPH) -> None:
    paragraph.alignment = align
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = Pt(f.SIZE_4)
    else:
        paragraph.paragraph_format.left_indent = Pt(f.SIZE_4)
    _run(paragraph, "— ", f.SONGTI, f.SIZE_4)
    for kind, text in (("begin", ""), ("instr", " PAGE "), ("separate", ""), ("text", "1")):
        run = _run(paragraph, "", f.SONGTI, f.SIZE_4)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        elif kind == "text":
            run.text = text
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
    end = _run(paragraph, "", f.SONGTI, f.SIZE_4)
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    end._r.append(char)
    _run(paragraph, " —", f.SONGTI, f.SIZE_4)


# --- parts ------------------------------------------------------------------------------------


def _front(document: DocxDocument, doc: OfficialDocument) -> None:
    """发文机关标志, 发文字号 and the red rule, the title, the 主送机关."""
    letterhead = doc.letterhead
    if letterhead.mark:
        size = f.mark_size(letterhead.mark)
        mark = _para(
            document, letterhead.mark, font=f.XIAOBIAOSONG, size=size, center=True, color=f.RED
        )
        mark.paragraph_format.space_before = Pt(f.MARK_TOP_MM * f.PT_PER_MM)
        mark.paragraph_format.line_spacing = Pt(size * 1.2)
        _blank(document)
        _blank(document)
        number = _para(document, letterhead.number, center=True)
        _red_rule(number)
        _blank(document)
        _blank(document)
    _title(document, doc.title)
    _blank(document)
    if doc.addressees:
        _para(document, f.addressees_line(doc.addressees), indent=0)


def _title(document: DocxDocument, title: str) -> None:
    """The 2号 title, each of its lines centred (python-docx turns "\\n" into w:br)."""
    _para(
        document, "\n".join(f.title_lines(title)), font=f.XIAOBIAOSONG, size=f.SIZE_2, center=True
    )


def _red_rule(paragraph: DocxParagraph) -> None:
    """The red separator as the paragraph's bottom border, 4 mm under the number."""
    borders = _insert(paragraph._p.get_or_add_pPr(), "w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "12")  # eighths of a point: 1.5 pt
    bottom.set(qn("w:space"), str(round(f.RULE_BELOW_NUMBER_MM * f.PT_PER_MM)))
    bottom.set(qn("w:color"), f.RED)
    borders.append(bottom)


def _body(document: DocxDocument, blocks: tuple[Block, ...]) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            style = f.heading_style(block.level)
            paragraph = _para(document, block.text, font=style.font, bold=style.bold)
            if block.level:
                paragraph.paragraph_format.keep_with_next = True  # a heading stays with its text
        else:
            _table(document, block)


def _table(document: DocxDocument, table: Table) -> None:
    if table.heading:
        style = f.heading_style(2)
        heading = _para(document, table.heading, font=style.font, bold=style.bold)
        heading.paragraph_format.keep_with_next = True
    if not table.rows:
        if table.empty_text:
            _para(document, table.empty_text)
        return
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    # Fixed layout on the 版心's width, each column its share (gongwen_format.column_widths):
    # w:tblGrid and every cell's w:tcW, which Word, WPS and LibreOffice each read.
    grid.autofit = False
    total = round(f.TEXT_WIDTH_MM * f.PT_PER_MM * 20)  # twips
    shares = f.column_widths(table)
    widths = [Twips(round(total * share)) for share in shares]
    tbl_w = grid._tbl.tblPr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = _insert(grid._tbl.tblPr, "w:tblW")
    tbl_w.set(qn("w:w"), str(total))
    tbl_w.set(qn("w:type"), "dxa")
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    for cell, text, width in zip(grid.rows[0].cells, table.columns, widths, strict=True):
        cell.width = width
        _cell(cell.paragraphs[0], text, f.HEITI)
    # The header row repeats on each page the table runs over.
    grid.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for row in table.rows:
        for cell, text, width, share in zip(grid.add_row().cells, row, widths, shares, strict=True):
            cell.width = width
            _cell(cell.paragraphs[0], text, f.FANGSONG, share=share)


def _cell(paragraph: DocxParagraph, text: str, font: str, *, share: float = 1.0) -> None:
    """A cell's text, centred; text longer than its column's line is justified instead."""
    wide = f.text_width(text) > f.cell_chars(share)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if wide else WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    # Off the page's line grid, or LibreOffice sets each line of 五号 28.95 pt apart.
    _insert(paragraph._p.get_or_add_pPr(), "w:snapToGrid").set(qn("w:val"), "0")
    _run(paragraph, text, font, f.SIZE_TABLE)


def _closing(document: DocxDocument, doc: OfficialDocument) -> None:
    """附件说明, then the 署名 and 成文日期 with room for the seal."""
    if doc.attachments:
        _blank(document)
        notes = f.attachment_notes(doc.attachments)
        lead_width = f.text_width(notes[0][0])
        for lead, number, name in notes:
            note = _para(document, lead + number + name, indent=0)
            hang = f.text_width(number) + (lead_width if lead else 0)
            note.paragraph_format.left_indent = Pt(
                f.SIZE_3 * (2 + lead_width + f.text_width(number))
            )
            note.paragraph_format.first_line_indent = Pt(-f.SIZE_3 * hang)
    dated = date_words(doc.signed_on)
    signature = doc.letterhead.signature
    sig_indent, date_indent = f.signature_indents(signature, dated, sealed=doc.sealed)
    for _ in range(3 if doc.sealed else 1):
        _blank(document)
    if signature:
        sig = _para(document, signature, indent=0, align=WD_ALIGN_PARAGRAPH.RIGHT)
        sig.paragraph_format.right_indent = Pt(f.SIZE_3 * sig_indent)
    day = _para(document, dated, indent=0, align=WD_ALIGN_PARAGRAPH.RIGHT)
    day.paragraph_format.right_indent = Pt(f.SIZE_3 * date_indent)


def _colophon(document: DocxDocument, doc: OfficialDocument) -> None:
    """The 版记 between a thick, a thin and a thick rule, at the bottom of the last page.

    A one-column table floated to the bottom of the 版心 (``w:tblpPr``), so the last rule
    lies on the 版心's lower edge in Word and WPS. LibreOffice 7.4 does not float it and
    sets it right after the last text instead, rules and words intact.
    """
    copies = f.copies_line(doc.letterhead)
    printer, printed = f.printed_line(doc)
    table = document.add_table(rows=2 if copies else 1, cols=1)
    width = round(f.TEXT_WIDTH_MM * f.PT_PER_MM * 20) - 20  # twips
    _float_to_bottom(table, width)
    rows = list(table.rows)
    if copies:
        paragraph = rows.pop(0).cells[0].paragraphs[0]
        lead = f.text_width(copies.split("：", 1)[0]) + 1
        paragraph.paragraph_format.left_indent = Pt(f.SIZE_4 * (1 + lead))
        paragraph.paragraph_format.first_line_indent = Pt(-f.SIZE_4 * lead)
        paragraph.paragraph_format.right_indent = Pt(f.SIZE_4)
        _run(paragraph, copies, f.FANGSONG, f.SIZE_4)
    paragraph = rows[0].cells[0].paragraphs[0]
    paragraph.paragraph_format.left_indent = Pt(f.SIZE_4)
    paragraph.paragraph_format.right_indent = Pt(f.SIZE_4)
    paragraph.paragraph_format.tab_stops.add_tab_stop(
        Twips(width) - Pt(2 * f.SIZE_4), WD_TAB_ALIGNMENT.RIGHT
    )
    _run(paragraph, f"{printer}\t{printed}", f.FANGSONG, f.SIZE_4)
    for row in table.rows:
        row.cells[0].width = Twips(width)
    # Word wants a paragraph after a table; this one is kept one point high.
    tail = document.add_paragraph()
    tail.paragraph_format.line_spacing = Pt(1)
    _run(tail, "", f.FANGSONG, 1)


def _float_to_bottom(table: DocxTable, width: int) -> None:
    tbl_pr = table._tbl.tblPr
    position = _insert(tbl_pr, "w:tblpPr")
    for name, value in (
        ("w:vertAnchor", "margin"),
        ("w:horzAnchor", "margin"),
        ("w:tblpXSpec", "center"),
        ("w:tblpYSpec", "bottom"),
    ):
        position.set(qn(name), value)
    _insert(tbl_pr, "w:tblOverlap").set(qn("w:val"), "never")
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = _insert(tbl_pr, "w:tblW")
    tbl_w.set(qn("w:w"), str(width))
    tbl_w.set(qn("w:type"), "dxa")
    borders = _insert(tbl_pr, "w:tblBorders")
    for edge, size in (("top", 8), ("left", 0), ("bottom", 8), ("right", 0), ("insideH", 6)):
        border = OxmlElement(f"w:{edge}")
        border.set(qn("w:val"), "single" if size else "nil")
        if size:  # eighths of a point: 8 ≈ 0.35 mm, 6 ≈ 0.25 mm
            border.set(qn("w:sz"), str(size))
            border.set(qn("w:space"), "0")
            border.set(qn("w:color"), "000000")
        borders.append(border)


# --- paragraphs and runs ----------------------------------------------------------------------


def _para(
    document: DocxDocument,
    text: str,
    *,
    font: str = f.FANGSONG,
    size: float = f.SIZE_3,
    bold: bool = False,
    center: bool = False,
    indent: float = 2,
    align: WD_ALIGN_PARAGRAPH | None = None,
    color: str | None = None,
) -> DocxParagraph:
    """A paragraph; ``indent`` is the first-line indent in characters (two, as the body)."""
    paragraph = document.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align is not None:
        paragraph.alignment = align
    else:
        # Justified, as the body is; a paragraph with a long unbreakable run (a web address)
        # is set flush left, or the line before it would be spread letter by letter.
        paragraph.alignment = (
            WD_ALIGN_PARAGRAPH.LEFT if f.has_long_word(text) else WD_ALIGN_PARAGRAPH.JUSTIFY
        )
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(f.SIZE_3 * indent)
    run = _run(paragraph, text, font, size, bold=bold)
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    return paragraph


def _blank(document: DocxDocument) -> None:
    document.add_paragraph()


def _run(paragraph: DocxParagraph, text: str, font: str, size: float, *, bold: bool = False) -> Run:
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    if size == f.SIZE_3:
        _insert(run._r.get_or_add_rPr(), "w:spacing").set(qn("w:val"), str(CONDENSE))
    _fonts(run._r.get_or_add_rPr(), font)
    return run


# What follows each element we add in its parent (ECMA-376 order; Word refuses a file whose
# children are out of order).
_PPR_AFTER_FRAME = (
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
    "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_TBLPR_AFTER_POSITION = (
    "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize", "w:tblStyleColBandSize",
    "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
    "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
    "w:tblPrChange",
)  # fmt: skip
_SUCCESSORS = {
    "w:tblpPr": _TBLPR_AFTER_POSITION,
    "w:tblOverlap": _TBLPR_AFTER_POSITION[1:],
    "w:tblW": _TBLPR_AFTER_POSITION[5:],
    "w:tblBorders": _TBLPR_AFTER_POSITION[9:],
    "w:framePr": _PPR_AFTER_FRAME,
    "w:autoSpaceDE": _PPR_AFTER_FRAME[12:],
    "w:autoSpaceDN": _PPR_AFTER_FRAME[13:],
    "w:snapToGrid": _PPR_AFTER_FRAME[16:],
    "w:pBdr": _PPR_AFTER_FRAME[4:],
    "w:spacing": (  # in w:rPr
        "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
        "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
        "w:eastAsianLayout", "w:specVanish", "w:oMath",
    ),
}  # fmt: skip


def _insert(parent: BaseOxmlElement, tag: str) -> BaseOxmlElement:
    """A new ``tag`` child of ``parent``, in its schema place."""
    child: BaseOxmlElement = OxmlElement(tag)
    parent.insert_element_before(child, *_SUCCESSORS[tag])
    return child


def _fonts(r_pr: object, font: str) -> None:
    """Name ``font`` for Latin, East-Asian and complex-script text alike."""
    fonts = r_pr.get_or_add_rFonts()  # type: ignore[attr-defined]
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), font)
