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


@dataclass(frozen=True)
class Column:
    """One column: its header and its width in characters."""

    header: str
    width: int = 14


@dataclass
class Sheet:
    """One worksheet: optional title lines above the header, the columns, and the rows."""

    name: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    titles: Sequence[str] = field(default_factory=tuple)


def _sheet_name(name: str, taken: set[str]) -> str:
    # At most 31 characters, unique, none of []:*?/\.
    cleaned = "".join("_" if c in "[]:*?/\\" else c for c in name)[:31] or "Sheet"
    candidate, n = cleaned, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{cleaned[: 31 - len(str(n)) - 1]}_{n}"
    taken.add(candidate.lower())
    return candidate


def write_xlsx(
    out: IO[bytes] | str,
    sheets: Iterable[Sheet],
    *,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 1000,
) -> int:
    """Write the sheets to ``out`` (a file or a path) and return the number of data rows.

    ``progress`` is told the rows written so far every ``progress_every`` rows."""
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_numbers": False})
    bold = book.add_format({"bold": True})
    cents = book.add_format({"num_format": "0.00"})
    # Dates as offices write them (2026年12月1日), still dates a spreadsheet can sort.
    day = book.add_format({"num_format": 'yyyy"年"m"月"d"日"'})
    moment = book.add_format({"num_format": 'yyyy"年"m"月"d"日" hh:mm'})
    taken: set[str] = set()
    written = 0
    for spec in sheets:
        sheet = book.add_worksheet(_sheet_name(spec.name, taken))
        # In constant-memory mode rows go out in order: widths first, then rows top down.
        for col, column in enumerate(spec.columns):
            sheet.set_column(col, col, column.width)
        row = 0
        for title in spec.titles:
            sheet.write_string(row, 0, neutralize(title), bold)
            row += 1
        for col, column in enumerate(spec.columns):
            sheet.write_string(row, col, column.header, bold)
        sheet.freeze_panes(row + 1, 0)
        row += 1
        for values in spec.rows:
            for col, value in enumerate(values):
                _write(sheet, row, col, value, cents, day, moment)
            row += 1
            written += 1
            if progress and written % progress_every == 0:
                progress(written)
    book.close()
    return written


def _write(sheet: Any, row: int, col: int, value: Any, cents: Any, day: Any, moment: Any) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, Decimal):
        # The two-decimal figure the pages show (rounded half up), as a number to sum.
        sheet.write_number(row, col, float(quantize2(value)), cents)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value)
    elif isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        sheet.write_datetime(row, col, local.replace(tzinfo=None), moment)
    elif isinstance(value, date):
        sheet.write_datetime(row, col, value, day)
    else:
        sheet.write_string(row, col, neutralize(str(value)))


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
