"""The survey company's workbook (第三方实地测评结果): its columns, the template and the reader.

One row per county. Fixed columns, found by their header in any order (a title line or two
above the header is allowed):

=================  ======================================================================
县（市、区）名称 *  the county's name, as registered (checked against the code)
区划代码 *          the county's region code (or its organization code)
样本量 *            the survey's sample size, a positive whole number
调查开始日期 *      the first day of the survey (2021-10-15)
调查结束日期 *      the last day, not before the first
指标：<名称>        one column per indicator (at least one), each score 0..100 with at most
                   two decimals; the survey score is their mean, rounded half up to two
                   decimals
=================  ======================================================================

Other columns (序号, 备注) are ignored. The reader only turns cells into text or numbers
by column; the checks live in ``services.survey_import``.
"""

from collections.abc import Iterable
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
#: The header of an indicator column begins with this (指标：公共环境).
INDICATOR_PREFIXES = ("指标：", "指标:")
#: The indicators the template suggests; the survey company renames or adds its own.
TEMPLATE_INDICATORS = (_("公共环境"), _("公共秩序"), _("公共服务"), _("市民素质"))


@dataclass(frozen=True)
class Column:
    field: str
    header: Promise
    width: int = 16


COLUMNS = [
    Column("name", _("县（市、区）名称"), width=20),
    Column("code", _("区划代码"), width=14),
    Column("sample_size", _("样本量"), width=10),
    Column("surveyed_from", _("调查开始日期"), width=14),
    Column("surveyed_to", _("调查结束日期"), width=14),
]
HEADERS = {c.field: c.header for c in COLUMNS}


def indicator_header(name: object) -> str:
    return f"{INDICATOR_PREFIXES[0]}{name}"


def help_lines() -> list[tuple[str, str]]:
    """The template's 填写说明 sheet (also what docs/rules.md#cities states)."""
    return [
        (str(_("说明")), str(_("每个县（市、区）一行；任何一行有错，整个文件都不导入。"))),
        (
            str(_("县（市、区）名称")),
            str(_("填写申报单位名称，须与区划代码对应的本届推荐申报单位一致。")),
        ),
        (str(_("区划代码")), str(_("县（市、区）的行政区划代码，如 230202。"))),
        (str(_("样本量")), str(_("实地调查的样本数，正整数。"))),
        (
            str(_("调查开始日期")),
            str(_("格式为 2021-10-15；调查结束日期不能早于开始日期。")),
        ),
        (
            str(_("指标：…")),
            str(
                _(
                    "每个测评指标一列，列名以“指标：”开头，至少一列；得分 0 到 100，"
                    "最多两位小数。实地测评成绩为各指标得分的算术平均，四舍五入保留两位小数。"
                )
            ),
        ),
        (str(_("其他列")), str(_("表中其他列（如“序号”“备注”）导入时忽略。"))),
        (
            str(_("重新导入")),
            str(_("重新导入的文件替换本届全部实地测评成绩，未列入的县（市、区）视为尚无成绩。")),
        ),
    ]


def write_template(out: IO[bytes], counties: Iterable[tuple[str, str]]) -> None:
    """The template: the header (the suggested indicators after the fixed columns), one row
    per county already named and coded, and the help sheet."""
    columns = [XlsxColumn(str(c.header), c.width, text=True, required=True) for c in COLUMNS]
    columns += [XlsxColumn(indicator_header(name), 14) for name in TEMPLATE_INDICATORS]
    rows = ([name, code, "", "", ""] + [""] * len(TEMPLATE_INDICATORS) for name, code in counties)
    write_xlsx(
        out,
        [
            Sheet(str(_("实地测评")), columns, rows, header_style="head"),
            Sheet(
                str(_("填写说明")),
                [XlsxColumn("", 16), XlsxColumn("", 70)],
                help_lines(),
                header=False,
                freeze=False,
            ),
        ],
    )


# ---- reading --------------------------------------------------------------------------


def normalized(header: Any) -> str:
    """A header as compared: no spaces or required marks, parentheses full-width."""
    text = "" if header is None else str(header)
    text = text.replace("(", "（").replace(")", "）")
    return "".join(ch for ch in text if not ch.isspace() and ch not in "*＊")


def _indicator(header: Any) -> str | None:
    text = normalized(header)
    for prefix in INDICATOR_PREFIXES:
        if text.startswith(prefix) and text[len(prefix) :]:
            return text[len(prefix) :]
    return None


def cell_value(value: Any) -> Any:
    """A cell as read: None for blank, numbers and dates as they are, text stripped (our
    own writer's formula guard removed)."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("'") and text[1:2] in {"=", "+", "-", "@"}:
            text = text[1:]
        return text or None
    return value


@dataclass
class SurveyRows:
    """The rows below the header: (Excel row number, {field: value}, {indicator: value})."""

    sheet: str
    header_row: int
    fields: dict[str, int]  # field -> column index
    indicators: dict[str, int]  # indicator name -> column index, in sheet order
    duplicate_indicators: list[str]
    rows: list[tuple[int, dict[str, Any], dict[str, Any]]]

    def missing(self) -> list[Column]:
        return [c for c in COLUMNS if c.field not in self.fields]


def _find_header(values: list[list[Any]]) -> tuple[int, dict[str, int]] | None:
    names = {normalized(c.header): c.field for c in COLUMNS}
    for index, row in enumerate(values[:HEADER_SEARCH_ROWS]):
        fields: dict[str, int] = {}
        for col, cell in enumerate(row):
            field = names.get(normalized(cell))
            if field is not None and field not in fields:
                fields[field] = col
        if {"name", "code"} <= fields.keys():
            return index, fields
    return None


def _read_sheet(name: str, first: int, values: list[list[Any]]) -> SurveyRows | None:
    found = _find_header(values)
    if found is None:
        return None
    index, fields = found
    indicators: dict[str, int] = {}
    duplicates: list[str] = []
    for col, cell in enumerate(values[index]):
        indicator = _indicator(cell)
        if indicator is None:
            continue
        if indicator in indicators:
            duplicates.append(indicator)
        else:
            indicators[indicator] = col
    rows = []
    for number in range(index + 1, len(values)):
        row = values[number]

        def at(col: int, row: list[Any] = row) -> Any:
            return cell_value(row[col]) if col < len(row) else None

        by_field = {field: at(col) for field, col in fields.items()}
        by_indicator = {indicator: at(col) for indicator, col in indicators.items()}
        if any(v is not None for v in (*by_field.values(), *by_indicator.values())):
            rows.append((first + number + 1, by_field, by_indicator))
    return SurveyRows(name, first + index + 1, fields, indicators, duplicates, rows)


def read_survey(source: IO[bytes]) -> SurveyRows | None:
    """The first sheet with the survey's header, or None when no sheet has one.

    The archive is checked first (``HostileFile`` for a bomb, a truncated or renamed
    file); anything calamine cannot read raises its own error for the caller to word."""
    check_workbook(source)
    source.seek(0)
    book = CalamineWorkbook.from_filelike(source)
    try:
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            first = sheet.start[0] if sheet.start else 0
            found = _read_sheet(name, first, [list(r) for r in sheet.iter_rows()])
            if found is not None:
                return found
        return None
    finally:
        book.close()


def as_date(value: Any) -> date | None:
    """A date cell or a date typed as text (2021-10-15, 2021/10/15, 2021.10.15)."""
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
