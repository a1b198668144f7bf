"""The organization workbook: its columns, the template, the export and the reader.

One workbook holds two sheets, 组织 (organizations) and 称号 (titles, keyed by
the organization's code). The same column list drives the template, the export
and the import, so a file exported from Wenming imports back unchanged.
"""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import IO, Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from python_calamine import CalamineWorkbook

from wenming.documents.safety import check_workbook
from wenming.documents.xlsx import Column as XlsxColumn
from wenming.documents.xlsx import Sheet, write_xlsx

from .models import (
    CATEGORY_LABELS,
    KIND_LABELS,
    LEVEL_LABELS,
    STATUS_LABELS,
    UNIT_TYPE_LABELS,
)

YES = (_("是"), "yes", "true", "1", "y")
NO = (_("否"), "no", "false", "0", "n")


@dataclass(frozen=True)
class Column:
    field: str
    header: Promise
    required: bool = False
    kind: str = "text"  # text, int, bool, date, choice
    labels: Mapping[Any, Any] | None = None  # an enum's labels, as registry.models has them
    width: int = 14
    max_length: int | None = None


ORGANIZATION_SHEET = _("组织")
TITLE_SHEET = _("称号")
HELP_SHEET = _("填写说明")

ORGANIZATION_COLUMNS = [
    Column("code", _("编码"), required=True, width=22, max_length=32),
    Column("name", _("名称"), required=True, width=30, max_length=200),
    Column("kind", _("类型"), required=True, kind="choice", labels=KIND_LABELS),
    Column("unit_type", _("单位性质"), kind="choice", labels=UNIT_TYPE_LABELS),
    Column("region", _("所属地区区划代码"), required=True, width=18, max_length=12),
    Column("body", _("主管部门"), width=20, max_length=100),
    Column("applies_directly", _("直接向市文明办申报"), kind="bool"),
    Column("is_fulltime_school", _("全日制学校"), kind="bool"),
    Column("staff_count", _("职工人数"), kind="int"),
    Column("party_members", _("在职党员数"), kind="int"),
    Column("registered_volunteers", _("注册志愿者数"), kind="int"),
    Column("party_member_volunteers", _("党员注册志愿者数"), kind="int"),
    Column("volunteers_served", _("参与服务志愿者数"), kind="int"),
    Column("contact_name", _("联系人"), max_length=50),
    Column("contact_phone", _("联系电话"), max_length=32),
    Column("address", _("地址"), width=30, max_length=200),
]

TITLE_COLUMNS = [
    Column("organization", _("组织编码"), required=True, width=22, max_length=32),
    Column("category", _("类别"), required=True, kind="choice", labels=CATEGORY_LABELS),
    Column("level", _("级别"), required=True, kind="choice", labels=LEVEL_LABELS),
    Column("model", _("标兵"), kind="bool"),
    Column("edition", _("届次"), required=True, kind="int"),
    Column("naming_body", _("命名机关"), required=True, width=20, max_length=100),
    Column("document_number", _("命名文号"), required=True, width=20, max_length=100),
    Column("named_on", _("命名日期"), required=True, kind="date"),
    Column("status", _("状态"), kind="choice", labels=STATUS_LABELS),
    Column("ended_on", _("终止日期"), kind="date"),
    Column("end_reason", _("终止原因"), width=20, max_length=200),
    Column("end_document", _("终止文号"), width=20, max_length=100),
]


def _neutralize(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is written as plain text."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@"}:
        return "'" + value
    return value


def _cell(column: Column, value: Any) -> Any:
    if value is None or value == "":
        return ""
    if column.kind == "bool":
        return str(YES[0] if value else NO[0])
    if column.kind == "choice" and column.labels:
        return str(column.labels.get(value, value))
    if column.kind == "date":
        return value.isoformat() if isinstance(value, date) else str(value)
    return _neutralize(value)


def write_workbook(
    out: IO[bytes],
    organizations: Iterator[dict[str, Any]],
    titles: Iterator[dict[str, Any]],
    regions: list[tuple[str, str]] | None = None,
) -> None:
    """Write the workbook (template when both iterators are empty) in constant memory,
    through the one Excel writer."""

    def sheet(name: Promise, columns: list[Column], rows: Iterator[dict[str, Any]]) -> Sheet:
        return Sheet(
            str(name),
            [XlsxColumn(str(c.header), c.width, text=True, required=c.required) for c in columns],
            ([_cell(c, row.get(c.field)) for c in columns] for row in rows),
            header_style="head",
        )

    lines: list[tuple[str, str]] = [
        (
            str(_("说明")),
            str(_("带 * 的列必填；一个工作簿全部校验通过才会保存，任何一行有错则一行都不保存。")),
        ),
        (str(_("是/否")), str(_("填“是”或“否”。"))),
        (str(_("日期")), str(_("格式为 2021-12-31。"))),
    ]
    for column in ORGANIZATION_COLUMNS + TITLE_COLUMNS:
        if column.labels:
            lines.append((str(column.header), " / ".join(str(v) for v in column.labels.values())))
    for code, name in regions or []:
        lines.append((code, name))
    help_sheet = Sheet(
        str(HELP_SHEET),
        [XlsxColumn("", 24), XlsxColumn("", 60)],
        lines,
        header=False,
        freeze=False,
    )
    write_xlsx(
        out,
        [
            sheet(ORGANIZATION_SHEET, ORGANIZATION_COLUMNS, organizations),
            sheet(TITLE_SHEET, TITLE_COLUMNS, titles),
            help_sheet,
        ],
    )


# ---- reading --------------------------------------------------------------------------


def _variants(text: Promise) -> set[str]:
    """A header or label as it reads in every language we offer."""
    out = set()
    for code in ("zh-hans", "en"):
        with translation.override(code):
            out.add(str(text).strip().lower())
    return out


def header_map(columns: list[Column]) -> dict[str, Column]:
    mapping: dict[str, Column] = {}
    for column in columns:
        for variant in _variants(column.header):
            mapping[variant] = column
            mapping[variant + "*"] = column
        mapping[column.field] = column
    return mapping


def choice_map[E: StrEnum](labels: Mapping[E, Any]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for code, label in labels.items():
        mapping[str(code.value)] = code.value
        for variant in _variants(label):
            mapping[variant] = code.value
    return mapping


BOOL_MAP = {v: True for t in YES for v in (_variants(t) if isinstance(t, Promise) else {t})}
BOOL_MAP |= {v: False for t in NO for v in (_variants(t) if isinstance(t, Promise) else {t})}


@dataclass
class SheetRows:
    """The rows of one sheet: (Excel row number, {header text: value})."""

    name: str
    headers: list[Any]
    rows: list[tuple[int, tuple[Any, ...]]]


def read_workbook(
    source: str | IO[bytes], progress: Callable[[int], None] | None = None
) -> dict[str, SheetRows]:
    """Read every sheet's rows with calamine (a compiled reader: a province's 20,000-row
    workbook reads in a second, where openpyxl takes most of a minute).

    The archive is checked first (``check_workbook``): a zip bomb, a truncated file or a
    renamed document is refused with a ``HostileFile`` before calamine inflates anything."""
    check_workbook(source)
    book = (
        CalamineWorkbook.from_path(source)
        if isinstance(source, str)
        else CalamineWorkbook.from_filelike(source)
    )
    try:
        sheets: dict[str, SheetRows] = {}
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            # The sheet's own start: a row count taken from the file's first used row.
            first_row = sheet.start[0] if sheet.start else 0
            rows_iter = sheet.iter_rows()
            headers = list(next(rows_iter, []) or [])
            rows = []
            for number, values in enumerate(rows_iter, start=first_row + 2):
                if all(v is None or str(v).strip() == "" for v in values):
                    continue
                rows.append((number, tuple(values)))
                if progress and number % 2000 == 0:
                    progress(len(rows))
            sheets[name.strip()] = SheetRows(name.strip(), headers, rows)
        return sheets
    finally:
        book.close()


def parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"):
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007  (a calendar date, no time)
        except ValueError:
            continue
    return None
