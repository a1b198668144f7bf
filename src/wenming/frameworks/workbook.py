"""A framework as an Excel workbook laid out like the official table, and back.

Sheet 测评细则 has one row per scoring point (评分要点) with the columns of the official
table — 序号 / 考评内容 / 考评标准 / 考评方法 / 责任部门 — plus the point columns needed to
read it back (项目分值, 标准分值, 要点分值). Item and criterion cells are merged over their
rows; when reading, a blank cell continues the item or criterion above, and repeated
values work as well. Sheet 体系信息 holds the framework's own fields and, as YAML, the
parts that are not table rows (bonus items, thresholds, deductions, negative list).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any

import yaml
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from wenming.documents.excel import cell_decimal, cell_text
from wenming.documents.safety import check_workbook, load_yaml
from wenming.documents.xlsx import Cell, Sheet, write_xlsx
from wenming.documents.xlsx import Column as XlsxColumn
from wenming.domain.framework_data import KIND_CHECKLIST, KIND_FRAMEWORK, Document, load
from wenming.domain.frameworks import FrameworkError, Method

from .messages import error_message

# The sheet names, headers and method names below are the official table's own words:
# they are the file format (data), the same whatever language the reader chose, so a
# sheet exported in English still imports. They are not interface text.
TABLE_SHEET = "测评细则"
INFO_SHEET = "体系信息"
METHOD_LABELS = {
    Method.MATERIAL.value: "材料审核",
    Method.ONSITE.value: "实地考察",
    Method.QUESTIONNAIRE.value: "问卷调查",
}
LIST_SEPARATOR = "、"


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    width: int


COLUMNS = (
    Column("item_number", "项目序号", 6),
    Column("item_name", "考评内容", 14),
    Column("item_points", "项目分值", 6),
    Column("number", "序号", 5),
    Column("criterion_text", "考评标准", 40),
    Column("criterion_points", "标准分值", 6),
    Column("clause_key", "要点编号", 7),
    Column("clause_text", "评分要点", 40),
    Column("clause_points", "要点分值", 6),
    Column("methods", "考评方法", 10),
    Column("departments", "责任部门", 14),
    Column("evidence", "佐证材料", 20),
)
INFO_FIELDS = (
    ("code", "编码"),
    ("name", "名称"),
    ("issuing_body", "制定机关"),
    ("category", "类别"),
    ("level", "级别"),
    ("edition", "版次"),
    ("version", "版本"),
    ("step", "评分步长"),
    ("notes", "说明"),
    ("extra", "加分、达标、减分与负面清单（YAML）"),
)
EXTRA_KEYS = ("bonuses", "thresholds", "deductions", "negative_list")
_ITEM_SPAN = ("item_number", "item_name", "item_points")
_CRITERION_SPAN = ("number", "criterion_text", "criterion_points")
_NUMERIC = frozenset({"item_number", "item_points", "number", "criterion_points", "clause_points"})


# --- writing ----------------------------------------------------------------------------


def _rows(document: Document) -> list[tuple[dict[str, Any], int, int]]:
    """(cells, item span, criterion span) per clause row; a span > 0 starts a merge."""
    rows = []
    for item in document["items"]:
        item_span = sum(len(c["clauses"]) for c in item["criteria"])
        for criterion in item["criteria"]:
            for k, clause in enumerate(criterion["clauses"]):
                cells = {
                    "item_number": item["number"],
                    "item_name": item["name"],
                    "item_points": item["points"],
                    "number": criterion["number"],
                    "criterion_text": criterion.get("text", ""),
                    "criterion_points": criterion["points"],
                    "clause_key": clause["key"],
                    "clause_text": clause.get("text", ""),
                    "clause_points": clause["points"],
                    "methods": LIST_SEPARATOR.join(
                        METHOD_LABELS.get(m, m) for m in clause.get("methods", [])
                    ),
                    "departments": LIST_SEPARATOR.join(clause.get("departments", [])),
                    "evidence": "\n".join(clause.get("evidence", [])),
                }
                rows.append((cells, item_span, len(criterion["clauses"]) if k == 0 else 0))
                item_span = 0
    return rows


def write_framework_workbook(out: IO[bytes], document: Document) -> None:
    """Write a clause-by-clause framework's workbook (through the one Excel writer, in
    constant memory: the merged item and criterion cells are written row by row)."""
    kind = document.get("kind", KIND_FRAMEWORK)
    if kind == KIND_CHECKLIST:
        raise ValidationError(_("达标制创建标准只能导出 YAML 或 JSON。"))
    if kind != KIND_FRAMEWORK:
        raise ValidationError(_("综合考评体系只能导出 YAML 或 JSON。"))
    table = Sheet(
        TABLE_SHEET,
        [XlsxColumn(column.header, column.width) for column in COLUMNS],
        (_table_row(*row) for row in _rows(document)),
        titles=(Cell(document["name"], "heading", cols=len(COLUMNS)),),
        header_style="head_center",
    )
    info = Sheet(
        INFO_SHEET,
        [XlsxColumn("字段", 12), XlsxColumn("说明", 30), XlsxColumn("内容", 80)],
        _info_rows(document),
        header_style="head_center",
        freeze=False,
    )
    write_xlsx(out, [table, info])


def _table_row(cells: dict[str, Any], item_span: int, criterion_span: int) -> list[Cell | None]:
    """One clause row; the cells a merge above covers are None."""
    row: list[Cell | None] = []
    for column in COLUMNS:
        if column.field in _ITEM_SPAN and not item_span:
            row.append(None)
            continue
        if column.field in _CRITERION_SPAN and not criterion_span:
            row.append(None)
            continue
        span = item_span if column.field in _ITEM_SPAN else criterion_span
        if column.field not in _ITEM_SPAN + _CRITERION_SPAN:
            span = 1
        value = cells[column.field]
        if column.field in _NUMERIC:
            row.append(Cell(float(value), "boxed_center", rows=max(span, 1)))
        else:
            row.append(Cell(str(value), "boxed", rows=max(span, 1)))
    return row


def _info_rows(document: Document) -> list[list[Cell]]:
    extra = {key: document.get(key, []) for key in EXTRA_KEYS}
    rows = []
    for key, label in INFO_FIELDS:
        if key == "extra":
            value: Any = yaml.safe_dump(extra, sort_keys=False, allow_unicode=True)
        else:
            value = document.get(key)
        text = "" if value is None else str(value)
        rows.append([Cell(key, "boxed"), Cell(label, "boxed"), Cell(text, "boxed")])
    return rows


# --- reading ----------------------------------------------------------------------------


class _Reader:
    """Builds the document from the table rows, remembering each entry's row."""

    def __init__(self) -> None:
        self.items: list[Document] = []
        self.rows: dict[str, int] = {}

    def fail(self, row: int, message: str) -> ValidationError:
        return ValidationError(
            _("“%(sheet)s”第 %(row)s 行：%(message)s")
            % {"sheet": TABLE_SHEET, "row": row, "message": message}
        )

    def points(self, row: int, value: Any, header: str) -> str:
        number = cell_decimal(value)
        if number is None:
            raise self.fail(row, _("“%(col)s”应为数字。") % {"col": header})
        return str(number)

    def add(self, row: int, cells: dict[str, Any]) -> None:
        item_no = cell_text(cells["item_number"])
        if item_no and (not self.items or str(self.items[-1]["number"]) != item_no):
            if not item_no.isdigit():
                raise self.fail(row, _("“项目序号”应为整数。"))
            self.rows[f"items[{len(self.items)}]"] = row
            self.items.append(
                {
                    "number": int(item_no),
                    "name": cell_text(cells["item_name"]),
                    "points": self.points(row, cells["item_points"], "项目分值"),
                    "criteria": [],
                }
            )
        if not self.items:
            raise self.fail(row, _("缺少“项目序号”。"))
        item = self.items[-1]
        criteria = item["criteria"]
        number = cell_text(cells["number"])
        if number and (not criteria or str(criteria[-1]["number"]) != number):
            if not number.isdigit():
                raise self.fail(row, _("“序号”应为整数。"))
            self.rows[f"items[{len(self.items) - 1}].criteria[{len(criteria)}]"] = row
            entry: Document = {"number": int(number)}
            if cell_text(cells["criterion_text"]):
                entry["text"] = cell_text(cells["criterion_text"])
            entry["points"] = self.points(row, cells["criterion_points"], "标准分值")
            entry["clauses"] = []
            criteria.append(entry)
        if not criteria:
            raise self.fail(row, _("缺少“序号”。"))
        criterion = criteria[-1]
        path = f"items[{len(self.items) - 1}].criteria[{len(criteria) - 1}]"
        self.rows[f"{path}.clauses[{len(criterion['clauses'])}]"] = row
        criterion["clauses"].append(self.clause(row, cells, criterion))

    def clause(self, row: int, cells: dict[str, Any], criterion: Document) -> Document:
        key = (
            cell_text(cells["clause_key"])
            or f"{criterion['number']}.{len(criterion['clauses']) + 1}"
        )
        out: Document = {"key": key}
        if cell_text(cells["clause_text"]):
            out["text"] = cell_text(cells["clause_text"])
        out["points"] = self.points(row, cells["clause_points"], "要点分值")
        by_label = {label: code for code, label in METHOD_LABELS.items()}
        methods = []
        for label in _split(cell_text(cells["methods"])):
            if label not in by_label and label not in METHOD_LABELS:
                raise self.fail(row, _("无法识别的考评方法“%(m)s”。") % {"m": label})
            methods.append(by_label.get(label, label))
        if methods:
            out["methods"] = methods
        if departments := _split(cell_text(cells["departments"])):
            out["departments"] = departments
        if evidence := [e for e in cell_text(cells["evidence"]).splitlines() if e.strip()]:
            out["evidence"] = evidence
        return out

    def row_of(self, path: str) -> int | None:
        while path:
            if path in self.rows:
                return self.rows[path]
            path = path.rsplit(".", 1)[0] if "." in path else ""
        return None


def _split(text: str) -> list[str]:
    return [
        part.strip()
        for part in text.replace("，", LIST_SEPARATOR).split(LIST_SEPARATOR)
        if part.strip()
    ]


def _sheet_rows(book: CalamineWorkbook, name: str) -> list[list[Any]]:
    if name not in book.sheet_names:
        raise ValidationError(_("工作簿缺少“%(sheet)s”工作表。") % {"sheet": name})
    return book.get_sheet_by_name(name).to_python(skip_empty_area=False)


def read_framework_workbook(source: IO[bytes]) -> Document:
    """The document a workbook describes; a ValidationError naming sheet, row and item."""
    # A zip bomb, a truncated file or a renamed document is refused before calamine opens it.
    check_workbook(source)
    try:
        book = CalamineWorkbook.from_filelike(source)
    except Exception as error:  # calamine raises its own errors for files it cannot read
        raise ValidationError(_("无法读取 Excel 文件。")) from error
    table = _sheet_rows(book, TABLE_SHEET)
    info = {cell_text(r[0]): r[2] if len(r) > 2 else "" for r in _sheet_rows(book, INFO_SHEET)[1:]}
    header_row = next((i for i, r in enumerate(table[:5]) if "序号" in map(cell_text, r)), None)
    if header_row is None:
        raise ValidationError(_("“%(sheet)s”工作表缺少表头。") % {"sheet": TABLE_SHEET})
    headers = [cell_text(h) for h in table[header_row]]
    index = {}
    for column in COLUMNS:
        if column.header not in headers:
            raise ValidationError(_("缺少“%(col)s”列。") % {"col": column.header})
        index[column.field] = headers.index(column.header)
    reader = _Reader()
    for r, values in enumerate(table[header_row + 1 :], start=header_row + 2):
        if all(cell_text(v) == "" for v in values):
            continue
        padded = list(values) + [""] * len(headers)
        reader.add(r, {field: padded[i] for field, i in index.items()})
    document = _document(info, reader.items)
    try:
        load(document)
    except FrameworkError as error:
        row = reader.row_of(str(error.params.get("path", "")))
        message = error_message(error, document)
        if row is not None:
            raise reader.fail(row, message) from error
        raise ValidationError(message) from error
    return document


def _document(info: dict[str, Any], items: list[Document]) -> Document:
    try:
        extra = load_yaml(cell_text(info.get("extra")) or "{}") or {}
    except ValidationError as error:
        raise ValidationError([_("“体系信息”中的 YAML 内容有误。"), *error.messages]) from error
    if not isinstance(extra, dict):
        raise ValidationError(_("“体系信息”中的 YAML 内容有误。"))
    document: Document = {"kind": KIND_FRAMEWORK}
    for key, _label in INFO_FIELDS:
        value = cell_text(info.get(key))
        if key == "extra" or (not value and key not in ("code", "name", "category")):
            continue
        document[key] = int(value) if key == "version" and value.isdigit() else value
    document["items"] = items
    for key in EXTRA_KEYS:
        document[key] = extra.get(key, [])
    return document
