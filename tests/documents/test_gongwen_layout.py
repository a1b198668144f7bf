"""Title lines and column widths of the 公文 builder (GB/T 9704-2012 7.3.1: 词意完整, 排列对称)."""

import io
from dataclasses import replace

import pytest
from docx import Document

from wenming.documents.gongwen import build_docx
from wenming.documents.gongwen_format import TITLE_CHARS, column_widths, text_width, title_lines
from wenming.documents.gongwen_pdf import gongwen_html
from wenming.documents.official import Paragraph, Table

from .gongwen_sample import sample_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_a_title_of_one_line_stays_whole() -> None:
    assert TITLE_CHARS == 20  # 156 mm of 22 pt characters
    assert title_lines("关于命名第二十届市级文明单位标兵的决定") == [
        "关于命名第二十届市级文明单位标兵的决定"
    ]


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        (
            "关于2026年度文明单位年中考核有关情况的通报",
            ["关于2026年度文明单位", "年中考核有关情况的通报"],
        ),
        (
            "关于命名第二十届市级文明单位标兵和市级文明单位的决定",
            ["关于命名第二十届市级文明单位标兵", "和市级文明单位的决定"],
        ),
        (
            "关于2018年度市直省、市级文明单位年中考核有关情况的通报",
            ["关于2018年度市直省、市级文明单位", "年中考核有关情况的通报"],  # not 省、/市级
        ),
        (
            "关于第二十届市级文明单位、市级文明单位标兵拟命名名单的公示",
            ["关于第二十届", "市级文明单位、市级文明单位标兵", "拟命名名单的公示"],
        ),
        (
            "关于清源区文明办2026年度测评工作的整改通知书",
            ["关于清源区文明办2026年度", "测评工作的整改通知书"],
        ),
        (
            "关于表彰市级文明单位标兵市级文明村镇先进集体的通报",
            ["关于表彰市级文明单位标兵", "市级文明村镇先进集体的通报"],
        ),
    ],
)
def test_a_long_title_breaks_at_a_natural_point(title, lines) -> None:
    got = title_lines(title)
    assert got == lines
    assert "".join(got) == title
    assert all(text_width(line) <= TITLE_CHARS for line in got)


def test_a_title_without_a_natural_point_never_splits_a_number() -> None:
    title = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉2026戌亥"
    lines = title_lines(title)
    assert "".join(lines) == title
    assert not any(line.endswith(("2", "20", "202")) for line in lines)


def test_the_documents_own_breaks_win() -> None:
    assert title_lines("关于命名第二十届\n市级文明单位标兵的决定") == [
        "关于命名第二十届",
        "市级文明单位标兵的决定",
    ]


def test_word_and_pdf_centre_each_line_of_the_title() -> None:
    doc = replace(sample_document(), title="关于2026年度文明单位年中考核有关情况的通报")
    document = Document(io.BytesIO(build_docx(doc)))
    title = next(p for p in document.paragraphs if p.text.startswith("关于2026"))
    assert title.text == "关于2026年度文明单位\n年中考核有关情况的通报"
    assert title.alignment == 1
    assert "关于2026年度文明单位<br>年中考核有关情况的通报" in gongwen_html(doc)


UNITS = Table(
    columns=("序号", "单位名称", "得分"),
    rows=(("1", "清源区人民政府办公室机关事务管理服务中心", "87.50"),),
)


def test_columns_weigh_by_their_longest_text_within_bounds() -> None:
    shares = column_widths(UNITS)
    assert abs(sum(shares) - 1) < 1e-9
    assert shares[1] > 3 * shares[0]  # the unit's name gets the room
    # 序号 at the three-character minimum, the name capped at seventeen, 87.50 3½ (margin in).
    assert shares == pytest.approx((3 / 23.5, 17 / 23.5, 3.5 / 23.5))
    assert column_widths(replace(UNITS, widths=(1, 6, 1))) == (0.125, 0.75, 0.125)


def test_word_and_pdf_set_the_column_widths() -> None:
    doc = replace(sample_document(), body=(replace(UNITS, widths=(1, 6, 1)),), attachments=())
    document = Document(io.BytesIO(build_docx(doc)))
    table = document.tables[0]._tbl
    grid = [int(c.get(f"{W}w")) for c in table.iter(f"{W}gridCol")]
    assert len(grid) == 3
    assert grid[1] == pytest.approx(6 * grid[0], abs=6)
    assert sum(grid) == pytest.approx(156 / 25.4 * 1440, abs=3)
    assert table.tblPr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
    cells = [int(tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w")) for tc in table.iter(f"{W}tc")]
    assert cells[:3] == grid
    html = gongwen_html(doc)
    assert (
        '<colgroup><col style="width: 12.50%"><col style="width: 75.00%">'
        '<col style="width: 12.50%"></colgroup>' in html
    )


def test_no_space_between_chinese_and_digits_and_a_web_address_keeps_its_line_whole() -> None:
    url = "https://wm.example.cn/publicity/12/objections/new/"
    doc = replace(
        sample_document(),
        body=(
            Paragraph(f"（一）网上提出：访问{url}，填写异议表。", 2),
            Paragraph("按照有关规定。"),
        ),
    )
    document = Document(io.BytesIO(build_docx(doc)))
    normal = document.styles["Normal"].element.pPr
    assert normal.find(f"{W}autoSpaceDE").get(f"{W}val") == "0"
    assert normal.find(f"{W}autoSpaceDN").get(f"{W}val") == "0"
    online = next(p for p in document.paragraphs if url in p.text)
    assert online.alignment == 0  # flush left: the line before the address is not spread
    plain = next(p for p in document.paragraphs if p.text == "按照有关规定。")
    assert plain.alignment == 3  # the body stays justified
    html = gongwen_html(doc)
    assert f'访问<span class="url">{url}</span>，' in html
    assert ".url { overflow-wrap: anywhere; word-break: break-all; }" in html


def test_cells_keep_off_the_line_grid_and_long_text_is_justified() -> None:
    long_text = "创新开展具有行业特色、职业特点的社会主义核心价值观主题教育实践活动（2分）。"
    table = Table(columns=("评分要点", "考评标准", "分值"), rows=(("4.2", long_text, "2.00"),))
    doc = replace(sample_document(), body=(table,), attachments=())
    document = Document(io.BytesIO(build_docx(doc)))
    cells = document.tables[0].rows[1].cells
    assert [c.paragraphs[0].alignment for c in cells] == [1, 3, 1]  # centred, justified, centred
    snap = cells[1].paragraphs[0]._p.pPr.find(f"{W}snapToGrid")
    assert snap.get(f"{W}val") == "0"  # else LibreOffice sets its lines 28.95 pt apart
    assert f'<td class="wide">{long_text}</td>' in gongwen_html(doc)
