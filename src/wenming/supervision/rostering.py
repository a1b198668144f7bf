"""The duty-roster workbook (帮包路口每日通报): its template and its import, all rows or none.

One sheet, one row per event: the unit's code, the date, what happened (the framework's
event name, e.g. 缺勤, or its code) and a note. Every row is checked first; only when no
row has an error are the records saved, in one transaction, and the entries recomputed.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record
from wenming.documents.safety import HostileFile
from wenming.documents.xlsx import Column, Sheet, xlsx_file
from wenming.registry.workbook import parse_date, read_workbook

from .models import DutyRecord, Review
from .selectors import roster_kinds
from .services.reviews import recompute_for

COLUMNS = [
    ("organization", gettext_lazy("单位编码")),
    ("on", gettext_lazy("日期")),
    ("kind", gettext_lazy("情况")),
    ("note", gettext_lazy("备注")),
]
LETTERS = "ABCD"


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    field: str
    message: str


@dataclass
class RosterImport:
    errors: list[RowError] = field(default_factory=list)
    saved: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def roster_template(review: Review) -> bytes:
    """An empty workbook with the columns and, on a second sheet, the allowed events,
    written by the one Excel writer in constant memory to a temporary file."""
    sheets = [
        Sheet(_("值勤记录"), [Column(str(header), 18) for _name, header in COLUMNS], (),
              freeze=False),
        Sheet(_("填写说明"), [Column(_("情况可填"), 14)],
              [(name,) for name in roster_kinds(review).values()], freeze=False),
    ]  # fmt: skip
    with xlsx_file(sheets) as handle:
        return handle.read()


def _cell(values: tuple[Any, ...], index: dict[str, int], name: str) -> Any:
    i = index.get(name)
    return values[i] if i is not None and i < len(values) else None


def roster_import(*, acting_user: User, review: Review, source: str | IO[bytes]) -> RosterImport:
    """Check every row of the workbook; save them all (and recompute) only if none is wrong."""
    require_perm(acting_user, "supervision.manage_review", review)
    result = RosterImport()
    sheet = roster_sheet(source, result.errors)
    if sheet is None:
        return result
    rows, index = sheet
    check = RowCheck(review=review, acting_user=acting_user, index=index, errors=result.errors)
    records = [r for number, values in rows.rows if (r := check.record(number, values))]
    if result.errors:
        return result
    with transaction.atomic():
        DutyRecord.objects.bulk_create(records, batch_size=1000)
        recompute_for(review, {r.organization_id for r in records})
        audit_record(
            actor=acting_user,
            action="review.roster_import",
            obj=review,
            after={"records": len(records)},
        )
    result.saved = len(records)
    return result


def roster_sheet(
    source: str | IO[bytes], errors: list[RowError]
) -> tuple[Any, dict[str, int]] | None:
    """The workbook's first sheet and where each column is, or None (with the error
    noted) when the file is unreadable, empty or lacks a required column."""
    try:
        sheets = read_workbook(source)
    except HostileFile as refusal:  # a zip bomb, a truncated or renamed file: its own reason
        errors.append(RowError(0, "", "", " ".join(refusal.messages)))
        return None
    except Exception:  # the readers raise many kinds of error for a file that is not a workbook
        errors.append(RowError(0, "", "", _("文件无法读取：请上传由模板填写的 .xlsx 工作簿。")))
        return None
    rows = next(iter(sheets.values()), None)
    if rows is None:
        errors.append(RowError(0, "", "", _("工作簿是空的。")))
        return None
    headers = [str(h or "").strip() for h in rows.headers]
    index = {name: headers.index(str(h)) for name, h in COLUMNS if str(h) in headers}
    missing = [str(h) for n, h in COLUMNS if n != "note" and n not in index]
    if missing:
        names = _("、").join(missing)
        errors.append(RowError(1, "", "", _("缺少必填列：%(c)s。") % {"c": names}))
        return None
    return rows, index


@dataclass
class RowCheck:
    """Reads one row at a time into a duty record, noting each wrong cell."""

    review: Review
    acting_user: User
    index: dict[str, int]
    errors: list[RowError]
    kinds: dict[str, str] = field(init=False)
    by_name: dict[str, str] = field(init=False)
    entered: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.kinds = roster_kinds(self.review)
        self.by_name = {str(v): k for k, v in self.kinds.items()} | {k: k for k in self.kinds}
        self.entered = dict(
            self.review.entries.values_list("organization__code", "organization_id")
        )

    def error(self, row: int, name: str, message: str) -> None:
        letter = LETTERS[self.index[name]] if self.index[name] < len(LETTERS) else ""
        header = str(dict(COLUMNS)[name])
        self.errors.append(RowError(row, letter, header, message))

    def record(self, number: int, values: tuple[Any, ...]) -> DutyRecord | None:
        """The row's duty record, or None when a cell is wrong."""
        organization_id = self.organization(number, values)
        on = self.day(number, values)
        kind = self.kind(number, values)
        note = str(_cell(values, self.index, "note") or "").strip()[:200]
        if not (organization_id and on and kind):
            return None
        return DutyRecord(
            review=self.review,
            organization_id=organization_id,
            on=on,
            kind=kind,
            note=note,
            created_by=self.acting_user,
        )

    def organization(self, number: int, values: tuple[Any, ...]) -> int | None:
        code = str(_cell(values, self.index, "organization") or "").strip()
        if code.endswith(".0"):
            code = code[:-2]  # a code typed as a number
        organization_id = self.entered.get(code)
        if not code:
            self.error(number, "organization", _("必填项为空。"))
        elif organization_id is None:
            self.error(
                number, "organization", _("编码为“%(v)s”的单位不在本次考核中。") % {"v": code}
            )
        return organization_id

    def day(self, number: int, values: tuple[Any, ...]) -> date | None:
        raw_date = _cell(values, self.index, "on")
        on: date | None = parse_date(raw_date) if raw_date not in (None, "") else None
        if on is None:
            self.error(
                number, "on", _("“%(v)s”不是日期，格式应为 2018-07-25。") % {"v": raw_date or ""}
            )
        elif not self.review.period_start <= on <= self.review.period_end:
            self.error(number, "on", _("日期不在考核期内。"))
        return on

    def kind(self, number: int, values: tuple[Any, ...]) -> str | None:
        text = str(_cell(values, self.index, "kind") or "").strip()
        kind = self.by_name.get(text)
        if kind is None:
            allowed = " / ".join(str(v) for v in self.kinds.values())
            self.error(
                number,
                "kind",
                _("“%(v)s”不是可选值（%(allowed)s）。") % {"v": text, "allowed": allowed},
            )
        return kind
