"""The office's task-list workbook (网上申报任务分工, 共性任务): its columns, the template
and the reader.

A city office keeps its list in Excel, usually with a title line or two above the header
(seed 004: "益阳市创建全国文明城市2021年网上申报任务分工"), so the header row is found by its
column names, in any order; columns the list does not know (本校资料提交要求) are ignored.
The reader only turns cells into text by column; the checks live in the service.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from python_calamine import CalamineWorkbook

from wenming.documents.safety import check_workbook
from wenming.documents.xlsx import Column as XlsxColumn
from wenming.documents.xlsx import Sheet, write_xlsx

#: How far down a sheet the header row is looked for (title lines sit above it).
HEADER_SEARCH_ROWS = 20


@dataclass(frozen=True)
class Column:
    field: str
    header: Promise
    required: bool = False
    width: int = 16


COLUMNS = [
    Column("number", _("序号"), width=6),
    Column("indicator", _("指标名称"), required=True, width=20),
    Column("content", _("测评内容"), width=20),
    Column("standard", _("测评标准"), width=30),
    Column("online_requirement", _("网上申报具体要求"), width=36),
    Column("departments", _("责任部门"), width=14),
    Column("material_requirement", _("资料提交要求"), width=30),
    Column("due_text", _("完成时间"), required=True, width=12),
    Column("clause_key", _("评分要点"), width=10),
]

#: Two rows of Yiyang's 2021 list (seed 004), as the template's examples.
EXAMPLE_ROWS = [
    {
        "number": "1",
        "indicator": "Ⅱ-14 法治宣传教育",
        "content": "Ⅲ-26 建设社会主义法治文化",
        "standard": "落实《关于完善国家工作人员学法用法制度的意见》，把宪法法律列入党委中心组"
        "学习内容，列为党校必修课",
        "online_requirement": "说明把宪法法律列入市委中心组学习内容，列为市党校必修课的情况"
        "（说明报告）。",
        "departments": "教务科",
        "material_requirement": "",
        "due_text": "第一季度",
    },
    {
        "number": "2",
        "indicator": "Ⅱ-38 以城带乡、城乡共建",
        "content": "Ⅲ-86 民风建设",
        "standard": "",
        "online_requirement": "各有关责任单位要结合工作职能，组建理论宣讲、文化文艺服务、助学支教、"
        "医疗健身、科学普及、法律服务、卫生环保、扶贫帮困等新时代文明实践专业志愿服务队伍，"
        "并赴基层常态化开展专项文明实践活动。",
        "departments": "科研科",
        "material_requirement": "提供计划、方案、活动照片、活动总结、志愿服务队名单，"
        "每季度开展1次活动",
        "due_text": "每季度",
    },
]


def write_template(out: IO[bytes]) -> None:
    """The import template: the header row (required columns marked) and two examples."""
    columns = [XlsxColumn(str(c.header), c.width, text=True, required=c.required) for c in COLUMNS]
    rows = ([row.get(c.field, "") for c in COLUMNS] for row in EXAMPLE_ROWS)
    help_lines = [
        (str(_("说明")), str(_("带 * 的列必填；任何一行有错则一行都不保存。"))),
        (str(_("完成时间")), str(_("如“10月底前”“第一季度”“每季度”“每月”“2023年8月底前”。"))),
        (str(_("评分要点")), str(_("可填测评体系中的评分要点编号，不填也可。"))),
        (str(_("其他列")), str(_("表中其他列（如“本校资料提交要求”）导入时忽略。"))),
    ]
    write_xlsx(
        out,
        [
            Sheet(str(_("任务清单")), columns, rows, header_style="head"),
            Sheet(
                str(_("填写说明")),
                [XlsxColumn("", 16), XlsxColumn("", 60)],
                help_lines,
                header=False,
                freeze=False,
            ),
        ],
    )


# ---- reading --------------------------------------------------------------------------


def _normalized(header: Any) -> str:
    """A header cell as compared: no spaces or line breaks, no required marks."""
    text = "" if header is None else str(header)
    return "".join(ch for ch in text if not ch.isspace() and ch not in "*＊")


def _header_names() -> dict[str, Column]:
    return {_normalized(c.header): c for c in COLUMNS} | {c.field: c for c in COLUMNS}


def cell_text(value: Any) -> str:
    """A cell as the text the list means: whole numbers without ".0", dates in Chinese."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if text.startswith("'") and text[1:2] in {"=", "+", "-", "@"}:
        text = text[1:]  # the Excel writer neutralizes formulas this way
    return text


@dataclass
class ListRows:
    """The rows below the header: (Excel row number, {field: text})."""

    sheet: str
    header_row: int
    fields: dict[str, int]  # field -> column index
    rows: list[tuple[int, dict[str, str]]]

    def missing(self) -> list[Column]:
        return [c for c in COLUMNS if c.required and c.field not in self.fields]


def _find_header(values: list[list[Any]]) -> tuple[int, dict[str, int]] | None:
    """The first row naming both 指标名称 and 完成时间, or any required column."""
    names = _header_names()
    best: tuple[int, dict[str, int]] | None = None
    for index, row in enumerate(values[:HEADER_SEARCH_ROWS]):
        fields: dict[str, int] = {}
        for col, cell in enumerate(row):
            column = names.get(_normalized(cell))
            if column is not None and column.field not in fields:
                fields[column.field] = col
        if {"indicator", "due_text"} <= fields.keys():
            return index, fields
        if best is None and any(c.required and c.field in fields for c in COLUMNS):
            best = (index, fields)
    return best


def _rows(
    values: list[list[Any]], start: int, fields: dict[str, int], first: int
) -> Iterator[tuple[int, dict[str, str]]]:
    for index in range(start + 1, len(values)):
        row = values[index]
        texts = {
            name: cell_text(row[col]) if col < len(row) else "" for name, col in fields.items()
        }
        if any(texts.values()):
            yield first + index + 1, texts


def read_list(source: IO[bytes]) -> ListRows | None:
    """The first sheet with a task-list header, or None when no sheet has one.

    The archive is checked first (``HostileFile`` for a bomb, a truncated or renamed
    file); anything calamine cannot read raises its own error for the caller to word."""
    check_workbook(source)
    source.seek(0)
    book = CalamineWorkbook.from_filelike(source)
    try:
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            first = sheet.start[0] if sheet.start else 0
            values = [list(r) for r in sheet.iter_rows()]
            found = _find_header(values)
            if found is None:
                continue
            index, fields = found
            return ListRows(
                name, first + index + 1, fields, list(_rows(values, index, fields, first))
            )
        return None
    finally:
        book.close()
