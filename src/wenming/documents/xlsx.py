"""The one streamed Excel writer: every list export and workbook download goes through it.

XlsxWriter in constant-memory mode writes each row to a temporary file as it comes, so a
50,000-row list costs the same memory as a ten-row one. Rows are plain tuples (from
``values_list(...).iterator()``), never model objects. Text a spreadsheet would run as a
formula is neutralized (documents/excel); decimals are written as numbers to two decimals.
"""

import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

import xlsxwriter
from django.http import FileResponse
from django.utils import timezone

from wenming.domain.scoring import quantize2

from .downloads import content_disposition
from .excel import neutralize

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# The named cell styles a workbook may use (a Column's or a Cell's ``style``).
STYLES: dict[str, dict[str, Any]] = {
    "bold": {"bold": True},
    # A template's header: shaded and boxed; "required" in red (the column must be filled).
    "head": {"bold": True, "bg_color": "#F3E3E3", "border": 1},
    "required": {"bold": True, "bg_color": "#F3E3E3", "border": 1, "font_color": "#B00020"},
    "head_center": {
        "bold": True,
        "bg_color": "#F3E3E3",
        "border": 1,
        "align": "center",
        "text_wrap": True,
    },
    "heading": {"bold": True, "font_size": 14, "align": "center"},
    "boxed": {"border": 1, "text_wrap": True, "valign": "top"},
    "boxed_center": {"border": 1, "valign": "top", "align": "center"},
}


@dataclass(frozen=True)
class Column:
    """One column: its header and its width in characters.

    ``style`` is its cells' named style (STYLES), ``text`` formats the whole column as text
    (so what a user types in a template stays as typed), ``required`` marks the header with
    a red ``*``, and ``comment`` is a note shown on the header cell."""

    header: str
    width: int = 14
    style: str = ""
    text: bool = False
    required: bool = False
    comment: str = ""


@dataclass(frozen=True)
class Cell:
    """A value with its own named style, optionally merged ``rows`` down and ``cols``
    across (the cells it covers are given as None in the rows below)."""

    value: Any
    style: str = ""
    rows: int = 1
    cols: int = 1


@dataclass
class Sheet:
    """One worksheet: optional title lines above the header, the columns, and the rows.

    ``header_style`` styles the header row (``header=False``: no header row, as on a help
    sheet); ``freeze`` keeps the header in view; ``choices`` is a drop-down list per column
    index, for a template's data validation."""

    name: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    titles: Sequence[str | Cell] = field(default_factory=tuple)
    header_style: str = "bold"
    header: bool = True
    freeze: bool = True
    choices: dict[int, Sequence[str]] = field(default_factory=dict)


def _sheet_name(name: str, taken: set[str]) -> str:
    # At most 31 characters, unique, none of []:*?/\.
    cleaned = "".join("_" if c in "[]:*?/\\" else c for c in name)[:31] or "Sheet"
    candidate, n = cleaned, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{cleaned[: 31 - len(str(n)) - 1]}_{n}"
    taken.add(candidate.lower())
    return candidate


def open_workbook(out: IO[bytes] | str) -> Any:
    """The one XlsxWriter workbook configuration: constant memory (rows go to a temporary
    file as they are written, never ``in_memory``) and text kept as text."""
    return xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_numbers": False})


def write_xlsx(
    out: IO[bytes] | str,
    sheets: Iterable[Sheet],
    *,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 1000,
) -> int:
    """Write the sheets to ``out`` (a file or a path) and return the number of data rows.

    ``progress`` is told the rows written so far every ``progress_every`` rows."""
    book = open_workbook(out)
    styles = {name: book.add_format(spec) for name, spec in STYLES.items()}
    formats = _Formats(book, styles)
    taken: set[str] = set()
    written = 0
    for spec in sheets:
        sheet = book.add_worksheet(_sheet_name(spec.name, taken))
        # In constant-memory mode rows go out in order: widths first, then rows top down.
        text = book.add_format({"num_format": "@"})
        for col, column in enumerate(spec.columns):
            sheet.set_column(col, col, column.width, text if column.text else None)
        for col, options in spec.choices.items():
            sheet.data_validation(
                _first_data_row(spec), col, 1_048_575, col,
                {"validate": "list", "source": [str(o) for o in options]},
            )  # fmt: skip
        merges = _Merges(sheet)
        row = 0
        for title in spec.titles:
            cell = title if isinstance(title, Cell) else Cell(title, "bold")
            merges.write(row, 0, cell, formats)
            row += 1
        if spec.header:
            for col, column in enumerate(spec.columns):
                label = column.header + ("*" if column.required else "")
                style = "required" if column.required else spec.header_style
                sheet.write_string(row, col, label, styles[style])
                if column.comment:
                    sheet.write_comment(row, col, column.comment)
            if spec.freeze:
                sheet.freeze_panes(row + 1, 0)
            row += 1
        for values in spec.rows:
            for col, value in enumerate(values):
                column_style = spec.columns[col].style if col < len(spec.columns) else ""
                if isinstance(value, Cell):
                    merges.write(row, col, value, formats)
                elif merges.covers(row, col):
                    sheet.write_blank(row, col, None, merges.style_at(row, col))
                else:
                    _write(sheet, row, col, value, formats, column_style)
            row += 1
            written += 1
            if progress and written % progress_every == 0:
                progress(written)
    book.close()
    return written


def _first_data_row(spec: Sheet) -> int:
    return len(spec.titles) + (1 if spec.header else 0)


class _Formats:
    """The workbook's formats: the named styles, each also as a number / date variant."""

    def __init__(self, book: Any, styles: dict[str, Any]) -> None:
        self.book = book
        self.styles = styles
        self.cache: dict[tuple[str, str], Any] = {}

    def get(self, style: str, num_format: str = "") -> Any:
        if not num_format:
            return self.styles.get(style)
        key = (style, num_format)
        if key not in self.cache:
            self.cache[key] = self.book.add_format(
                {**STYLES.get(style, {}), "num_format": num_format}
            )
        return self.cache[key]


class _Merges:
    """Merged cells in constant memory: the first cell is written with its value, the
    covered cells as styled blanks when their row comes, and the range is recorded for
    the file (XlsxWriter's merge_range would write rows out of order)."""

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet
        self.ranges: list[tuple[int, int, int, int, Any]] = []

    def write(self, row: int, col: int, cell: Cell, formats: _Formats) -> None:
        fmt = formats.get(cell.style)
        _write(self.sheet, row, col, cell.value, formats, cell.style, blank=fmt)
        if cell.rows > 1 or cell.cols > 1:
            last_row, last_col = row + cell.rows - 1, col + cell.cols - 1
            self.ranges.append((row, col, last_row, last_col, fmt))
            self.sheet.merge.append([row, col, last_row, last_col])
            for c in range(col + 1, last_col + 1):
                self.sheet.write_blank(row, c, None, fmt)

    def _range(self, row: int, col: int) -> tuple[int, int, int, int, Any] | None:
        for first_row, first_col, last_row, last_col, fmt in self.ranges:
            if first_row <= row <= last_row and first_col <= col <= last_col:
                return first_row, first_col, last_row, last_col, fmt
        return None

    def covers(self, row: int, col: int) -> bool:
        found = self._range(row, col)
        return found is not None and (row, col) != (found[0], found[1])

    def style_at(self, row: int, col: int) -> Any:
        found = self._range(row, col)
        return found[4] if found else None


def _write(
    sheet: Any,
    row: int,
    col: int,
    value: Any,
    formats: _Formats,
    style: str = "",
    blank: Any = None,
) -> None:
    if value is None or value == "":
        if blank is not None or style:
            sheet.write_blank(row, col, None, blank or formats.get(style))
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value, formats.get(style))
    elif isinstance(value, Decimal):
        # The two-decimal figure the pages show (rounded half up), as a number to sum.
        sheet.write_number(row, col, float(quantize2(value)), formats.get(style, "0.00"))
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value, formats.get(style))
    elif isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        moment = formats.get(style, 'yyyy"年"m"月"d"日" hh:mm')
        sheet.write_datetime(row, col, local.replace(tzinfo=None), moment)
    elif isinstance(value, date):
        # Dates as offices write them (2026年12月1日), still dates a spreadsheet can sort.
        sheet.write_datetime(row, col, value, formats.get(style, 'yyyy"年"m"月"d"日"'))
    else:
        sheet.write_string(row, col, neutralize(str(value)), formats.get(style))


def xlsx_file(sheets: Iterable[Sheet]) -> IO[bytes]:
    """The workbook in an anonymous temporary file, rewound (deleted when closed)."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the caller (a FileResponse) closes it
    write_xlsx(handle, sheets)
    handle.seek(0)
    return handle


def xlsx_response(handle: IO[bytes], filename: str) -> FileResponse:
    """A written workbook as a download named in Chinese (the response closes the file)."""
    handle.seek(0)
    response = FileResponse(handle, as_attachment=True, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def xlsx_download(sheets: Iterable[Sheet], filename: str) -> FileResponse:
    """Write the sheets to a temporary file and serve it, never holding the whole file."""
    return xlsx_response(xlsx_file(sheets), filename)


@dataclass
class ListExport:
    """A list page's export: its Chinese file name, its row count (counted, not fetched:
    above ``settings.EXPORT_BACKGROUND_ROWS`` the task worker writes it) and its sheets,
    whose rows are lazy iterators run only while the workbook is written."""

    filename: str
    count: int
    sheets: Sequence[Sheet]
