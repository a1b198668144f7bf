"""The 公文 builder's Word file, read back as a reader of its XML would (GB/T 9704-2012)."""

import io
import re
import zipfile

import pytest
from docx import Document
from docx.shared import Mm
from lxml import etree

from wenming.documents.gongwen import build_docx
from wenming.documents.official import Letterhead, OfficialDocument

from .gongwen_sample import MARK, NUMBER, OFFICE, TITLE, sample_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return build_docx(sample_document())


@pytest.fixture(scope="module")
def document(docx_bytes):
    return Document(io.BytesIO(docx_bytes))


def _paragraph(document, text):
    return next(p for p in document.paragraphs if p.text.replace("\n", "") == text)


def _east_asian_font(paragraph) -> str:
    return paragraph.runs[0]._r.rPr.rFonts.get(f"{W}eastAsia")


def test_a4_with_the_standards_margins_and_22_lines(document, docx_bytes) -> None:
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.page_height - Mm(297)) < Mm(0.1)
    margins = [section.top_margin, section.bottom_margin, section.left_margin]
    assert [round(m.mm) for m in [*margins, section.right_margin]] == [37, 35, 28, 26]
    grid = section._sectPr.find(f"{W}docGrid")
    assert grid.get(f"{W}linePitch") == "579"  # 28.95 pt: 22 lines in the 225 mm 版心
    # 16 pt body runs condensed to a 15.75 pt pitch: 28 characters in 156 mm.
    body = document.paragraphs[[p.text[:3] for p in document.paragraphs].index("（1）")]
    spacing = body.runs[0]._r.rPr.find(f"{W}spacing").get(f"{W}val")
    assert 28 * (16 + int(spacing) / 20) <= 156 / 25.4 * 72 < 29 * 16


def test_east_asian_fonts_of_the_mark_title_body_and_headings(document) -> None:
    assert _east_asian_font(_paragraph(document, MARK)) == "方正小标宋简体"
    assert _east_asian_font(_paragraph(document, TITLE)) == "方正小标宋简体"
    assert _east_asian_font(_paragraph(document, "一、总体情况")) == "黑体"
    assert _east_asian_font(_paragraph(document, "（一）领导重视，齐抓共管")) == "楷体_GB2312"
    level3 = _paragraph(document, "1.创建机制规范化")
    assert _east_asian_font(level3) == "仿宋_GB2312"
    assert level3.runs[0].bold
    assert _east_asian_font(_paragraph(document, "（1）资料齐全")) == "仿宋_GB2312"
    body = next(p for p in document.paragraphs if p.text.startswith("（1）2026"))
    assert _east_asian_font(body) == "仿宋_GB2312"
    assert body.runs[0].font.size.pt == 16
    assert body.paragraph_format.first_line_indent.pt == 32  # two characters
    assert _paragraph(document, TITLE).runs[0].font.size.pt == 22


def test_red_centred_mark_then_number_over_a_red_rule(document) -> None:
    mark = _paragraph(document, MARK)
    assert str(mark.runs[0].font.color.rgb) == "FF0000"
    assert mark.alignment == 1  # centred
    texts = [p.text.replace("\n", "") for p in document.paragraphs]
    number = _paragraph(document, NUMBER)
    assert re.fullmatch(r"清文明办〔2026〕[1-9]\d*号", number.text)  # 〔〕, no leading zeros
    assert texts.index(MARK) < texts.index(NUMBER) < texts.index(TITLE)
    rule = number._p.pPr.find(f"{W}pBdr/{W}bottom")
    assert rule.get(f"{W}color") == "FF0000"


def test_addressees_flush_left_with_one_full_width_colon(document) -> None:
    addressees = _paragraph(document, "各镇街道，区直各单位：")
    assert addressees.paragraph_format.first_line_indent is None


def test_attachment_notes_signature_date_then_attachments_on_new_pages(document) -> None:
    texts = [p.text for p in document.paragraphs]
    notes = texts.index("附件：1.2026年年中集中考核分类排名")
    assert texts[notes + 1] == "2.考核组名单"
    signature = texts.index(OFFICE)
    assert notes < signature < texts.index("2026年12月1日")
    assert texts[signature - 3 : signature] == ["", "", ""]  # room for the seal
    for label, title in (("附件1", "2026年年中集中考核分类排名"), ("附件2", "考核组名单")):
        heading = _paragraph(document, label)
        assert heading.paragraph_format.page_break_before
        assert _east_asian_font(heading) == "黑体"
        assert texts.index(title, texts.index(label)) == texts.index(label) + 2
    assert document.tables[0].rows[1].cells[1].text == "第1单位"
    assert document.tables[0].style.name == "Table Grid"  # bordered
    assert document.tables[0].rows[0]._tr.trPr.find(f"{W}tblHeader") is not None


def test_colophon_at_the_bottom_with_copies_and_printer(document) -> None:
    colophon = document.tables[-1]
    assert [row.cells[0].text for row in colophon.rows] == [
        "抄送：区委宣传部，区文明委各成员单位。",
        f"{OFFICE}\t2026年12月2日印发",
    ]
    position = colophon._tbl.tblPr.find(f"{W}tblpPr")
    assert position.get(f"{W}tblpYSpec") == "bottom"


def test_page_numbers_between_dashes_in_songti(docx_bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as package:
        footers = [n for n in package.namelist() if re.fullmatch(r"word/footer\d+\.xml", n)]
        assert len(footers) == 2  # odd and even pages
        for name in footers:
            footer = etree.fromstring(package.read(name))
            text = "".join(footer.itertext())
            assert re.fullmatch(r"— *PAGE *1 —", text.replace(" ", " ")), text
            sizes = {e.get(f"{W}val") for e in footer.iter(f"{W}sz")}
            assert sizes == {"28"}  # 4号, 14 pt
            fonts = {e.get(f"{W}eastAsia") for e in footer.iter(f"{W}rFonts")}
            assert fonts == {"宋体"}


def test_a_document_without_a_mark_starts_with_its_title() -> None:
    plain = OfficialDocument(
        letterhead=Letterhead(mark="", number="", signature=OFFICE, printer=OFFICE),
        title=TITLE,
        addressees="",
        body=(),
        signed_on=sample_document().signed_on,
        sealed=False,
    )
    document = Document(io.BytesIO(build_docx(plain)))
    texts = [p.text for p in document.paragraphs]
    assert texts[0].replace("\n", "") == TITLE
    assert "附件：" not in "".join(texts)
    assert [row.cells[0].text for row in document.tables[-1].rows] == [
        f"{OFFICE}\t2026年12月1日印发"
    ]
