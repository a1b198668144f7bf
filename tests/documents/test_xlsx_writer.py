"""The one Excel writer, read back with openpyxl as a spreadsheet would: styled and merged
cells written in constant memory, a help sheet without a header, required headers,
header notes and drop-down lists."""

import io

from openpyxl import load_workbook

from wenming.documents.xlsx import Cell, Column, Sheet, write_xlsx


def _book(sheets):
    out = io.BytesIO()
    write_xlsx(out, sheets)
    return load_workbook(io.BytesIO(out.getvalue()))


def test_merged_cells_rows_down_and_across_in_constant_memory():
    rows = [
        [Cell("Item one", "boxed", rows=3), "a", 1],
        [None, "b", 2],
        [None, "c", 3],
        [Cell("Item two", "boxed"), "=d", 4],
    ]
    sheet = Sheet(
        "表",
        [Column("项目"), Column("要点"), Column("分值")],
        rows,
        titles=(Cell("Framework", "heading", cols=3),),
        header_style="head_center",
    )
    ws = _book([sheet])["表"]
    merged = sorted(str(r) for r in ws.merged_cells.ranges)
    assert merged == ["A1:C1", "A3:A5"]
    assert ws["A1"].value == "Framework"
    assert ws["A1"].font.b
    assert [c.value for c in ws[2]] == ["项目", "要点", "分值"]
    assert ws["A3"].value == "Item one"
    assert ws["A3"].border.left.style == "thin"
    assert ws["A4"].border.left.style == "thin"  # the covered cells keep the box
    assert [ws.cell(r, 2).value for r in range(3, 7)] == ["a", "b", "c", "'=d"]
    assert [ws.cell(r, 3).value for r in range(3, 7)] == [1, 2, 3, 4]
    assert ws["A6"].value == "Item two"
    assert ws.freeze_panes == "A3"


def test_required_headers_notes_choices_and_a_help_sheet_without_header():
    data = Sheet(
        "组织",
        [Column("编码", text=True, required=True, comment="唯一"), Column("类型")],
        [("007", "单位")],
        header_style="head",
        choices={1: ["单位", "村镇"]},
    )
    help_sheet = Sheet("填写说明", [Column(""), Column("")], [("是/否", "填“是”或“否”。")],
                       header=False, freeze=False)  # fmt: skip
    book = _book([data, help_sheet])
    ws = book["组织"]
    assert ws["A1"].value == "编码*"
    assert ws["A1"].font.color.rgb.endswith("B00020")
    assert ws["A1"].comment.text == "唯一"
    assert ws["B1"].value == "类型"
    assert ws["A2"].value == "007"
    rules = ws.data_validations.dataValidation
    assert [(r.type, r.formula1, str(r.sqref)) for r in rules] == [
        ("list", '"单位,村镇"', "B2:B1048576")
    ]
    assert [c.value for c in book["填写说明"][1]] == ["是/否", "填“是”或“否”。"]
    assert book["填写说明"].freeze_panes is None
