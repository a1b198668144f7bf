"""The two workbooks of 随手拍 — the inspection points register and the 12345 hotline's
export — and the region outlines file: their columns, templates and readers.

Readers only turn cells into values by column, noting each wrong cell as a
``registry.importing.RowError``; ``services`` checks them against the database and saves
all rows or none.

12345 export columns (found by header, in any order; other columns are ignored):
工单编号 *, 来电时间 *, 问题分类 *, 地点 *, 内容 *, 承办单位, 经度, 纬度.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming.documents.safety import HostileFile
from wenming.documents.xlsx import Column as XlsxColumn
from wenming.documents.xlsx import Sheet, xlsx_file
from wenming.domain.citizen_reports import valid_coordinate
from wenming.registry.importing import RowError
from wenming.registry.workbook import choice_map, parse_date, read_workbook

from .models import Category, PointKind


@dataclass(frozen=True)
class Column:
    field: str
    header: Promise
    required: bool = False
    width: int = 16


POINT_SHEET = gettext_lazy("点位")
POINT_COLUMNS = [
    Column("name", gettext_lazy("点位名称"), required=True, width=24),
    Column("kind", gettext_lazy("点位类型"), required=True),
    Column("lng", gettext_lazy("经度"), required=True, width=12),
    Column("lat", gettext_lazy("纬度"), required=True, width=12),
    Column("organization", gettext_lazy("责任单位编码"), required=True, width=22),
    Column("address", gettext_lazy("地址"), width=30),
]
HOTLINE_SHEET = gettext_lazy("12345工单")
HOTLINE_COLUMNS = [
    Column("ticket_number", gettext_lazy("工单编号"), required=True, width=20),
    Column("called_at", gettext_lazy("来电时间"), required=True, width=18),
    Column("category", gettext_lazy("问题分类"), required=True),
    Column("place", gettext_lazy("地点"), required=True, width=24),
    Column("description", gettext_lazy("内容"), required=True, width=40),
    Column("handling_unit", gettext_lazy("承办单位"), width=24),
    Column("lng", gettext_lazy("经度"), width=12),
    Column("lat", gettext_lazy("纬度"), width=12),
]


@dataclass
class Rows:
    """Read rows: (Excel row number, {field: value}) for the rows without a wrong cell."""

    sheet: str
    rows: list[tuple[int, dict[str, Any]]]


def template(columns: list[Column], sheet: Promise, help_lines: list[tuple[str, str]]) -> bytes:
    """An empty workbook with the columns (required ones starred) and a 填写说明 sheet."""
    sheets = [
        Sheet(
            str(sheet),
            [XlsxColumn(str(c.header), c.width, text=True, required=c.required) for c in columns],
            (),
            header_style="head",
        ),
        Sheet(
            str(_("填写说明")),
            [XlsxColumn("", 18), XlsxColumn("", 60)],
            help_lines,
            header=False,
            freeze=False,
        ),
    ]
    with xlsx_file(sheets) as handle:
        return handle.read()


def points_template() -> bytes:
    kinds = " / ".join(str(label) for label in PointKind.labels)
    return template(
        POINT_COLUMNS,
        POINT_SHEET,
        [
            (str(_("说明")), str(_("每个点位一行；任何一行有错，整个文件都不导入。"))),
            (str(_("点位类型")), kinds),
            (str(_("经度、纬度")), str(_("十进制度数，如 116.656435、39.909946。"))),
            (str(_("责任单位编码")), str(_("组织名录中的编码（统一社会信用代码等）。"))),
        ],
    )


def hotline_template() -> bytes:
    categories = " / ".join(str(label) for label in Category.labels)
    return template(
        HOTLINE_COLUMNS,
        HOTLINE_SHEET,
        [
            (str(_("说明")), str(_("12345热线导出的工单；任何一行有错，整个文件都不导入。"))),
            (str(_("工单编号")), str(_("已导入过的工单编号再次导入时跳过，不会重复。"))),
            (str(_("来电时间")), str(_("格式为 2026-05-06 09:30 或 2026-05-06。"))),
            (str(_("问题分类")), categories),
            (str(_("地点")), str(_("与点位名称一致时，工单归入该点位。"))),
        ],
    )


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a number typed into a text cell reads back as 123.0
    return "" if value is None else str(value).strip()


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value.quantize(Decimal("0.000001")) if value.is_finite() else None


def _moment(value: Any, text: str) -> datetime | None:
    if isinstance(value, datetime):
        moment = value
    else:
        for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M"):
            try:
                moment = datetime.strptime(text, fmt)  # noqa: DTZ007  (local time, made aware below)
                break
            except ValueError:
                continue
        else:
            day = parse_date(value)
            if day is None:
                return None
            moment = datetime(day.year, day.month, day.day)  # noqa: DTZ001  (made aware below)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class _Reader:
    def __init__(self, sheet: str, columns: list[Column], errors: list[RowError]) -> None:
        self.sheet, self.columns, self.errors = sheet, columns, errors
        self.headers = {c.field: str(c.header) for c in columns}

    def error(self, row: int, field: str, message: str) -> None:
        self.errors.append(RowError(self.sheet, row, "", self.headers.get(field, ""), message))

    def read(self, source: IO[bytes]) -> Rows | None:
        try:
            sheets = read_workbook(source)
        except HostileFile as refusal:
            self.error(0, "", " ".join(refusal.messages))
            return None
        except Exception:  # the readers raise many kinds of error for a file that is not a workbook
            self.error(0, "", _("文件无法读取：请上传由模板填写的 .xlsx 工作簿。"))
            return None
        rows = next(iter(sheets.values()), None)
        if rows is None:
            self.error(0, "", _("工作簿是空的。"))
            return None
        found = [str(h or "").strip().rstrip("*").strip() for h in rows.headers]
        index = {
            c.field: found.index(str(c.header)) for c in self.columns if str(c.header) in found
        }
        missing = [str(c.header) for c in self.columns if c.required and c.field not in index]
        if missing:
            self.error(1, "", _("缺少必填列：%(c)s。") % {"c": _("、").join(missing)})
            return None
        if not rows.rows:
            self.error(0, "", _("表头以下没有数据行。"))
            return None
        out = []
        for number, values in rows.rows:
            cells = {f: values[i] if i < len(values) else None for f, i in index.items()}
            before = len(self.errors)
            parsed = {c.field: self.cell(number, c, cells.get(c.field)) for c in self.columns}
            if len(self.errors) == before:
                out.append((number, parsed))
        return Rows(rows.name, out)

    def cell(self, row: int, column: Column, value: Any) -> Any:
        text = _text(value)
        if not text:
            if column.required:
                self.error(row, column.field, _("不能为空。"))
            return None
        if column.field in ("lng", "lat"):
            number = _decimal(text)
            if number is None:
                self.error(row, column.field, _("应为十进制度数，如 116.656435。"))
            return number
        if column.field == "kind":
            return self.choice(row, column.field, text, choice_map(_labels(PointKind)))
        if column.field == "category":
            return self.choice(row, column.field, text, choice_map(_labels(Category)))
        if column.field == "called_at":
            moment = _moment(value, text)
            if moment is None:
                self.error(row, column.field, _("应为日期时间，如 2026-05-06 09:30。"))
            return moment
        return text

    def choice(self, row: int, field: str, text: str, mapping: Mapping[str, str]) -> str | None:
        code = mapping.get(text.lower())
        if code is None:
            allowed = " / ".join(k for k in mapping if not k.isascii())
            self.error(
                row, field, _("“%(v)s”不是可选值（可填：%(a)s）。") % {"v": text, "a": allowed}
            )
        return code


def _labels(choices: Any) -> dict[Any, Any]:
    return {member: member.label for member in choices}


def read_points(source: IO[bytes], errors: list[RowError]) -> Rows | None:
    rows = _Reader(str(POINT_SHEET), POINT_COLUMNS, errors).read(source)
    if rows is not None:
        _check_coordinates(rows, POINT_SHEET, errors)
    return rows


def read_hotline(source: IO[bytes], errors: list[RowError]) -> Rows | None:
    rows = _Reader(str(HOTLINE_SHEET), HOTLINE_COLUMNS, errors).read(source)
    if rows is not None:
        _check_coordinates(rows, HOTLINE_SHEET, errors)
    return rows


def _check_coordinates(rows: Rows, sheet: Promise, errors: list[RowError]) -> None:
    for number, values in rows.rows:
        lng, lat = values.get("lng"), values.get("lat")
        if (lng is None) != (lat is None):
            errors.append(RowError(str(sheet), number, "", "", _("经度和纬度应同时填写。")))
        elif lng is not None and lat is not None and not valid_coordinate(float(lng), float(lat)):
            message = _("经纬度（%(lng)s, %(lat)s）不在我国境内，请检查是否填反。")
            errors.append(RowError(str(sheet), number, "", "", message % {"lng": lng, "lat": lat}))


# ---- region outlines (GeoJSON) -------------------------------------------------------------

MAX_GEOJSON_BYTES = 5 * 1024 * 1024


def read_outlines(data: bytes, errors: list[RowError]) -> dict[str, list[list[list[float]]]]:
    """{region code: rings} from a GeoJSON FeatureCollection whose features carry the
    region code in ``properties.code`` (or 区划代码); Polygon or MultiPolygon, the outer
    ring of each polygon kept."""
    sheet = "GeoJSON"
    if len(data) > MAX_GEOJSON_BYTES:
        errors.append(RowError(sheet, 0, "", "", _("文件超过 5 MB，请简化轮廓后再导入。")))
        return {}
    try:
        document = json.loads(data.decode("utf-8"))
        features = list(document["features"])
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        message = _("文件不是 GeoJSON 要素集合（FeatureCollection）。")
        errors.append(RowError(sheet, 0, "", "", message))
        return {}
    out: dict[str, list[list[list[float]]]] = {}
    for number, feature in enumerate(features, start=1):
        try:
            properties = feature.get("properties") or {}
            code = str(properties.get("code") or properties.get("区划代码") or "").strip()
            geometry = feature["geometry"]
            polygons = (
                [geometry["coordinates"]]
                if geometry["type"] == "Polygon"
                else list(geometry["coordinates"])
            )
            rings = [[[float(p[0]), float(p[1])] for p in polygon[0]] for polygon in polygons]
        except (AttributeError, KeyError, TypeError, ValueError, IndexError):
            errors.append(
                RowError(
                    sheet, number, "", "", _("第%(n)d个要素的几何图形无法读取。") % {"n": number}
                )
            )
            continue
        if not code:
            errors.append(
                RowError(
                    sheet,
                    number,
                    "",
                    "",
                    _("第%(n)d个要素缺少区划代码（properties.code）。") % {"n": number},
                )
            )
            continue
        if any(not valid_coordinate(lng, lat) for ring in rings for lng, lat in ring):
            errors.append(
                RowError(
                    sheet, number, "", "", _("区划%(code)s的坐标不在我国境内。") % {"code": code}
                )
            )
            continue
        out[code] = rings
    return out
