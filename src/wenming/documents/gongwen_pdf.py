"""An ``OfficialDocument`` as PDF (WeasyPrint), laid out per GB/T 9704-2012.

The same measures as the Word layout (``gongwen_format``). The PDF embeds the nearest
free fonts on the machine (fonts.py): Noto Serif CJK SC where the standard names 宋体,
仿宋, 楷体 and 小标宋 (bold), Noto Sans CJK SC where it names 黑体. The 版记 is a CSS
footnote of the last element, so it sits at the bottom of the last page's 版心.
"""

from __future__ import annotations

from django.utils.html import escape

from . import gongwen_format as f
from .fonts import SANS, SERIF
from .official import Block, OfficialDocument, Paragraph, Table
from .pdf import render_pdf
from .style import date_words

_FONT = {
    f.XIAOBIAOSONG: f"font-family: {SERIF}; font-weight: 700;",
    f.FANGSONG: f"font-family: {SERIF};",
    f.SONGTI: f"font-family: {SERIF};",
    f.KAITI: f"font-family: {SERIF};",
    f.HEITI: f"font-family: {SANS}; font-weight: 400;",
}
_LETTER_SPACING = f.CHAR_PITCH_PT - f.SIZE_3 - 0.01  # 28 characters a line, not 27


def _css() -> str:
    pitch = f.LINE_PITCH_PT
    page_number = (
        f'content: "— " counter(page) " —"; {_FONT[f.SONGTI]} font-size: {f.SIZE_4}pt;'
        f" vertical-align: top; padding-top: {f.PAGE_NUMBER_BELOW_MM}mm;"
    )
    headings = "".join(
        f"p.h{level} {{ {_FONT[style.font]} font-weight: {700 if style.bold else 400}; }}\n"
        for level, style in f.HEADING_STYLES.items()
        if style.font != f.FANGSONG or style.bold
    )
    return f"""
@page {{ size: A4; margin: {f.MARGIN_TOP_MM}mm {f.MARGIN_RIGHT_MM}mm {f.MARGIN_BOTTOM_MM}mm
  {f.MARGIN_LEFT_MM}mm;
  @bottom-right {{ {page_number} margin-right: 1em; }}
  @footnote {{ margin: 0; padding: 0; }} }}
@page :left {{ @bottom-right {{ content: none; }}
  @bottom-left {{ {page_number} margin-left: 1em; }} }}
html {{ color: #000; }}
body {{ margin: 0; {_FONT[f.FANGSONG]} font-size: {f.SIZE_3}pt; line-height: {pitch}pt;
  letter-spacing: {_LETTER_SPACING:.3f}pt; }}
p {{ margin: 0; text-indent: 2em; text-align: justify; }}
p.flush {{ text-indent: 0; }}
.url {{ overflow-wrap: anywhere; word-break: break-all; }}
p.blank {{ height: {pitch}pt; }}
p.center {{ text-align: center; text-indent: 0; }}
p.right {{ text-align: right; text-indent: 0; }}
.mark {{ {_FONT[f.XIAOBIAOSONG]} color: #{f.RED}; text-align: center; text-indent: 0;
  margin-top: {f.MARK_TOP_MM}mm; letter-spacing: 0; }}
.number {{ text-align: center; text-indent: 0; margin-top: {2 * pitch}pt;
  padding-bottom: {f.RULE_BELOW_NUMBER_MM}mm; border-bottom: 1.5pt solid #{f.RED}; }}
.title {{ {_FONT[f.XIAOBIAOSONG]} font-size: {f.SIZE_2}pt; text-align: center;
  text-indent: 0; letter-spacing: 0; }}
.after-rule {{ margin-top: {2 * pitch}pt; }}
{headings}
p.h1, p.h2, p.h3, p.h4 {{ break-after: avoid; }}
.attachment {{ break-before: page; }}
.attachment .label {{ {_FONT[f.HEITI]} text-indent: 0; }}
table {{ width: 100%; table-layout: fixed; border-collapse: collapse; font-size: {f.SIZE_TABLE}pt;
  line-height: 1.35; letter-spacing: 0; margin: 1mm 0 3mm; }}
th, td {{ border: .6pt solid #000; padding: .6mm 1.5mm; text-align: center; }}
th {{ {_FONT[f.HEITI]} }}
td.wide {{ text-align: justify; }}
tr {{ break-inside: avoid; }}
.colophon {{ float: footnote; footnote-display: block; font-size: {f.SIZE_4}pt;
  line-height: {pitch * 0.9:.2f}pt; letter-spacing: 0; border-top: 0.35mm solid #000;
  border-bottom: 0.35mm solid #000; }}
.colophon::footnote-marker {{ content: none; }}
::footnote-call {{ content: none; }}
.colophon p {{ text-indent: 0; padding: 1mm 1em; }}
.colophon .copies {{ border-bottom: 0.25mm solid #000; }}
.colophon .printed {{ display: flex; justify-content: space-between; }}
"""


def gongwen_html(doc: OfficialDocument) -> str:
    """The HTML WeasyPrint lays out; public for tests that read the markup."""
    out = [
        '<!doctype html><html lang="zh-hans"><head><meta charset="utf-8">',
        f"<title>{escape(''.join(f.title_lines(doc.title)))}</title><style>{_css()}</style></head><body>",
    ]
    letterhead = doc.letterhead
    title_class = "title"
    if letterhead.mark:
        size = f.mark_size(letterhead.mark)
        out.append(
            f'<p class="mark" style="font-size: {size}pt; line-height: {size * 1.2:.1f}pt">'
            f"{escape(letterhead.mark)}</p>"
            f'<p class="number">{escape(letterhead.number) or "&nbsp;"}</p>'
        )
        title_class = "title after-rule"
    out.append(f'<p class="{title_class}">{_title(doc.title)}</p><p class="blank"></p>')
    if doc.addressees:
        out.append(f'<p class="flush">{escape(f.addressees_line(doc.addressees))}</p>')
    out.extend(_blocks(doc.body))
    out.extend(_closing(doc))
    count = len(doc.attachments)
    for index, attachment in enumerate(doc.attachments, start=1):
        out.append('<section class="attachment">')
        out.append(f'<p class="label">{escape(f.attachment_label(index, count))}</p>')
        out.append(f'<p class="blank"></p><p class="title">{_title(attachment.title)}</p>')
        out.append('<p class="blank"></p>')
        out.extend(_blocks(attachment.blocks))
        out.append("</section>")
    out.append(_colophon(doc))
    out.append("</body></html>")
    return "".join(out)


def _title(title: str) -> str:
    """The title's lines (``gongwen_format.title_lines``), each centred."""
    return "<br>".join(escape(line) for line in f.title_lines(title))


def build_pdf(doc: OfficialDocument) -> bytes:
    """The document as a PDF file."""
    return render_pdf(gongwen_html(doc))


def _blocks(blocks: tuple[Block, ...]) -> list[str]:
    out = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(f'<p class="h{block.level}">{_breakable(block.text)}</p>')
        else:
            out.append(_table(block))
    return out


def _breakable(text: str) -> str:
    """``text`` escaped, a web address in it free to break anywhere, so the justified line
    before it is not spread out; its characters (and the text a reader copies) unchanged."""
    out: list[str] = []
    last = 0
    for match in f.URL.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f'<span class="url">{escape(match.group())}</span>')
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def _table(table: Table) -> str:
    heading = f'<p class="h2">{escape(table.heading)}</p>' if table.heading else ""
    if not table.rows:
        return heading + (f"<p>{escape(table.empty_text)}</p>" if table.empty_text else "")
    cols = "".join(f'<col style="width: {share * 100:.2f}%">' for share in f.column_widths(table))
    head = "".join(f"<th>{escape(c)}</th>" for c in table.columns)
    shares = f.column_widths(table)
    rows = "".join(
        "<tr>"
        + "".join(
            f'<td class="wide">{escape(v)}</td>'
            if f.text_width(v) > f.cell_chars(share)
            else f"<td>{escape(v)}</td>"
            for v, share in zip(row, shares, strict=False)
        )
        + "</tr>"
        for row in table.rows
    )
    return (
        f"{heading}<table><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _closing(doc: OfficialDocument) -> list[str]:
    out = []
    if doc.attachments:
        out.append('<p class="blank"></p>')
        notes = f.attachment_notes(doc.attachments)
        lead_width = f.text_width(notes[0][0])
        for lead, number, name in notes:
            left = 2 + lead_width + f.text_width(number)
            hang = f.text_width(number) + (lead_width if lead else 0)
            out.append(
                f'<p style="padding-left: {left}em; text-indent: -{hang}em">'
                f"{escape(lead + number + name)}</p>"
            )
    dated = date_words(doc.signed_on)
    signature = doc.letterhead.signature
    sig_indent, date_indent = f.signature_indents(signature, dated, sealed=doc.sealed)
    out.append('<p class="blank"></p>' * (3 if doc.sealed else 1))
    if signature:
        out.append(
            f'<p class="right" style="padding-right: {sig_indent}em">{escape(signature)}</p>'
        )
    out.append(f'<p class="right" style="padding-right: {date_indent}em">{escape(dated)}</p>')
    return out


def _colophon(doc: OfficialDocument) -> str:
    copies = f.copies_line(doc.letterhead)
    printer, printed = f.printed_line(doc)
    out = ['<div class="colophon">']
    if copies:
        lead = f.text_width(copies.split("：", 1)[0]) + 1
        out.append(
            f'<p class="copies" style="padding-left: {1 + lead}em; text-indent: -{lead}em">'
            f"{escape(copies)}</p>"
        )
    out.append(
        f'<p class="printed"><span>{escape(printer)}</span><span>{escape(printed)}</span></p></div>'
    )
    return "".join(out)
