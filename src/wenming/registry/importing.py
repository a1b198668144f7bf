"""Importing organizations and their titles from a workbook: all rows or none.

Every row of both sheets is checked first; only when no row has an error are
the organizations and titles saved, in one transaction, each with its audit
event. An organization whose code already exists is updated, so a corrected
file can simply be imported again.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from wenming.accounts.models import User
from wenming.audit.services import Change, audit_record_many, snapshot
from wenming.documents.safety import HostileFile
from wenming.domain.titles import KIND_CATEGORIES, Category, Level, OrganizationKind, TitleStatus
from wenming.registry.scopes import regions_editable_by

from .batches import organizations_by_code, titles_on_record, update_rows
from .models import Body, Organization, Region, Title
from .services import ORGANIZATION_FIELDS, TITLE_FIELDS
from .workbook import (
    BOOL_MAP,
    ORGANIZATION_COLUMNS,
    ORGANIZATION_SHEET,
    TITLE_COLUMNS,
    TITLE_SHEET,
    Column,
    SheetRows,
    choice_map,
    header_map,
    parse_date,
    read_workbook,
)


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    column: str  # the Excel column letter, "" for a whole-row problem
    field: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "field": self.field,
            "message": self.message,
        }


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    titles: int = 0
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


Progress = Callable[[str, int, int], None]  # (phase, done, total)


class Converter(Protocol):
    """Turns a cell's text into its column's value, reporting an error on the sheet."""

    def __call__(self, row: int, name: str, column: Column, raw: Any, text: str) -> Any: ...


class _Sheet:
    """Reads cells of one sheet by field, collecting errors with row and column."""

    def __init__(self, rows: SheetRows, columns: list[Column], errors: list[RowError]) -> None:
        self.name = rows.name
        self.errors = errors
        mapping = header_map(columns)
        self.index: dict[str, tuple[int, Column]] = {}
        for i, header in enumerate(rows.headers):
            column = mapping.get(str(header or "").strip().lower())
            if column is not None:
                self.index[column.field] = (i, column)
        self.missing = [c for c in columns if c.required and c.field not in self.index]
        self.choices = {c.field: choice_map(c.labels) for c in columns if c.labels}

    def error(self, row: int, field_name: str, message: str) -> None:
        col = self.index.get(field_name)
        letter = get_column_letter(col[0] + 1) if col else ""
        header = str(col[1].header) if col else ""
        self.errors.append(RowError(self.name, row, letter, header, message))

    def value(self, row: int, values: tuple[Any, ...], name: str) -> Any:
        """The cell's value converted to its column's type, or None after an error."""
        if name not in self.index:
            return None
        i, column = self.index[name]
        raw = values[i] if i < len(values) else None
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)  # a code typed as a number reads back as 991001.0
        text = "" if raw is None else str(raw).strip()
        if text.startswith("'") and text[1:2] in {"=", "+", "-", "@"}:
            text = text[1:]  # our own export neutralizes formulas this way
        if text == "":
            if column.required:
                self.error(row, name, _("必填项为空。"))
            if column.kind == "bool":
                return False
            return None if column.kind in {"int", "date"} else ""
        converters: dict[str, Converter] = {
            "int": self._int,
            "bool": self._bool,
            "date": self._date,
            "choice": self._choice,
        }
        return converters.get(column.kind, self._text)(row, name, column, raw, text)

    def _int(self, row: int, name: str, column: Column, raw: Any, text: str) -> int | None:
        try:
            number = float(raw) if isinstance(raw, int | float) else float(text)
        except ValueError:
            self.error(row, name, _("“%(v)s”不是整数。") % {"v": text})
            return None
        if number != int(number) or number < 0:
            self.error(row, name, _("“%(v)s”不是非负整数。") % {"v": text})
            return None
        return int(number)

    def _bool(self, row: int, name: str, column: Column, raw: Any, text: str) -> bool:
        flag = BOOL_MAP.get(text.lower())
        if flag is None:
            self.error(row, name, _("请填“是”或“否”，而不是“%(v)s”。") % {"v": text})
        return bool(flag)

    def _date(self, row: int, name: str, column: Column, raw: Any, text: str) -> Any:
        parsed = parse_date(raw)
        if parsed is None:
            self.error(row, name, _("“%(v)s”不是日期，格式应为 2021-12-31。") % {"v": text})
        return parsed

    def _choice(self, row: int, name: str, column: Column, raw: Any, text: str) -> str:
        code = self.choices[name].get(text.lower())
        if code is None:
            allowed = " / ".join(str(v) for v in (column.labels or {}).values())
            self.error(
                row,
                name,
                _("“%(v)s”不是可选值（%(allowed)s）。") % {"v": text, "allowed": allowed},
            )
            return ""
        return code

    def _text(self, row: int, name: str, column: Column, raw: Any, text: str) -> str | None:
        if column.max_length and len(text) > column.max_length:
            self.error(row, name, _("超过 %(n)d 个字符。") % {"n": column.max_length})
            return None
        return text


def _find_sheet(sheets: dict[str, SheetRows], name: Any) -> SheetRows | None:
    for code in ("zh-hans", "en"):
        with translation.override(code):
            found = sheets.get(str(name))
        if found:
            return found
    return None


@dataclass
class _Known:
    """What the database already holds that the rows are matched against."""

    editable_regions: dict[str, int]  # region code -> id, where the importer may register
    region_paths: dict[int, str]
    path_ids: dict[str, int]
    region_codes: set[str]  # every region's, to tell an unknown code from a forbidden one
    bodies: dict[tuple[int, str], int]  # (region id, name) -> body id
    existing: dict[str, Organization]  # by code
    editable_paths: set[str] = field(init=False)

    def __post_init__(self) -> None:
        self.editable_paths = {self.region_paths[i] for i in self.editable_regions.values()}

    def may_edit(self, path: str) -> bool:
        """Whether a region's path lies at or below one of the importer's regions: its
        few ancestors' paths looked up, however many regions the importer has."""
        return any(path[: i + 1] in self.editable_paths for i, c in enumerate(path) if c == "/")


class _Counter:
    """Reports validation progress every thousand rows, over both sheets."""

    def __init__(self, report: Progress, total: int) -> None:
        self.report, self.total, self.done = report, total, 0

    def tick(self) -> None:
        self.done += 1
        if self.done % 1000 == 0:
            self.report("validating", self.done, self.total)


ParsedRows = list[tuple[int, dict[str, Any]]]


def organizations_import(
    *, acting_user: User, source: str | IO[bytes], progress: Progress | None = None
) -> ImportResult:
    """Check every row of the workbook, then save all of it or nothing."""
    result = ImportResult()
    report = progress or (lambda phase, done, total: None)
    opened = _parse(source, report, result.errors)
    if opened is None:
        return result
    org_sheet, org_rows, title_sheet, title_rows = opened
    total = len(org_rows.rows) + (len(title_rows.rows) if title_rows else 0)
    result.rows = total
    known = _match_existing(acting_user, org_sheet, org_rows)
    counter = _Counter(report, total)
    orgs, seen = _validate_organizations(org_sheet, org_rows, known, counter)
    titles: ParsedRows = []
    if title_sheet and title_rows:
        titles = _validate_titles(title_sheet, title_rows, known, orgs, seen, counter)
    if result.errors:
        result.errors.sort(key=lambda e: (e.sheet != str(ORGANIZATION_SHEET), e.row, e.column))
        return result
    report("saving", 0, total)
    _save(acting_user, orgs, titles, known.existing, result)
    report("saving", total, total)
    return result


def _parse(
    source: str | IO[bytes], report: Progress, errors: list[RowError]
) -> tuple[_Sheet, SheetRows, _Sheet | None, SheetRows | None] | None:
    """Read the workbook and its two sheets' headers; None after an error in either."""
    try:
        sheets = read_workbook(source, progress=lambda n: report("reading", n, 0))
    except HostileFile as refusal:  # a zip bomb, a truncated or renamed file: its own reason
        errors.append(RowError("", 0, "", "", " ".join(refusal.messages)))
        return None
    except Exception:  # openpyxl raises many kinds of error for a file that is not a workbook
        errors.append(RowError("", 0, "", "", _("文件无法读取：请上传由模板填写的 .xlsx 工作簿。")))
        return None
    org_rows = _find_sheet(sheets, ORGANIZATION_SHEET)
    title_rows = _find_sheet(sheets, TITLE_SHEET)
    if org_rows is None:
        errors.append(RowError("", 0, "", "", _("工作簿中没有“组织”工作表。")))
        return None
    org_sheet = _Sheet(org_rows, ORGANIZATION_COLUMNS, errors)
    title_sheet = _Sheet(title_rows, TITLE_COLUMNS, errors) if title_rows else None
    for sheet in (org_sheet, title_sheet):
        if sheet and sheet.missing:
            names = " / ".join(str(c.header) for c in sheet.missing)
            errors.append(RowError(sheet.name, 1, "", "", _("缺少必填列：%(c)s。") % {"c": names}))
    if errors:
        return None
    return org_sheet, org_rows, title_sheet, title_rows


def _codes_in(sheet: _Sheet, rows: SheetRows, field_name: str) -> list[str]:
    column = sheet.index[field_name][0]
    return [str(v[column]).strip() for _n, v in rows.rows if v[column] is not None]


def _match_existing(user: User, org_sheet: _Sheet, org_rows: SheetRows) -> _Known:
    """Regions, bodies and the organizations whose codes the file names, in a few queries."""
    regions = list(Region.objects.values_list("id", "path", "code"))
    region_paths = {i: p for i, p, _c in regions}
    return _Known(
        editable_regions=dict(regions_editable_by(user).values_list("code", "id")),
        region_paths=region_paths,
        path_ids={p: i for i, p in region_paths.items()},
        region_codes={c for _i, _p, c in regions},
        bodies={
            (b["region_id"], b["name"]): b["id"]
            for b in Body.objects.values("id", "region_id", "name")
        },
        existing=organizations_by_code(_codes_in(org_sheet, org_rows, "code")),
    )


def _validate_organizations(
    sheet: _Sheet, rows: SheetRows, known: _Known, counter: _Counter
) -> tuple[ParsedRows, dict[str, int]]:
    """Every organization row checked; the good ones, and each code's first row."""
    seen: dict[str, int] = {}
    parsed: ParsedRows = []
    for number, values in rows.rows:
        before = len(sheet.errors)
        data = {c.field: sheet.value(number, values, c.field) for c in ORGANIZATION_COLUMNS}
        code = data["code"]
        if code:
            if code in seen:
                sheet.error(
                    number,
                    "code",
                    _("编码“%(c)s”与第 %(r)d 行重复。") % {"c": code, "r": seen[code]},
                )
            seen.setdefault(code, number)
        data["region_id"] = _region_id(sheet, number, data.pop("region"), known)
        _check_code_in_scope(sheet, number, code, data["region_id"], known)
        data["body_id"] = _body_id(sheet, number, data.pop("body"), data["region_id"], known)
        _check_organization(sheet, number, data)
        if len(sheet.errors) == before:
            parsed.append((number, data))
        counter.tick()
    return parsed, seen


def _region_id(sheet: _Sheet, number: int, region_code: str, known: _Known) -> int | None:
    """The row's region, when the importer may register organizations there."""
    if not region_code:
        return None
    region_id = known.editable_regions.get(region_code)
    if region_id is None:
        if region_code in known.region_codes:
            sheet.error(number, "region", _("您无权在地区“%(c)s”登记组织。") % {"c": region_code})
        else:
            sheet.error(number, "region", _("区划代码“%(c)s”不存在。") % {"c": region_code})
    return region_id


def _check_code_in_scope(
    sheet: _Sheet, number: int, code: str, region_id: int | None, known: _Known
) -> None:
    """A code already used outside the importer's regions is not theirs to update."""
    if not (code and code in known.existing and region_id is not None):
        return
    if not known.may_edit(known.existing[code].region.path):
        sheet.error(number, "code", _("编码“%(c)s”已被您管辖范围以外的组织使用。") % {"c": code})


def _body_id(
    sheet: _Sheet, number: int, body_name: str, region_id: int | None, known: _Known
) -> int | None:
    """The body must sit in the organization's region or a region above it."""
    if not body_name or region_id is None:
        return None
    parts = known.region_paths[region_id].strip("/").split("/")
    ancestors = ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
    for path in reversed(ancestors):
        body_id = known.bodies.get((known.path_ids.get(path, -1), body_name))
        if body_id:
            return body_id
    sheet.error(number, "body", _("找不到主管部门“%(b)s”。") % {"b": body_name})
    return None


def _validate_titles(
    sheet: _Sheet,
    rows: SheetRows,
    known: _Known,
    orgs: ParsedRows,
    seen: dict[str, int],
    counter: _Counter,
) -> ParsedRows:
    """Every title row checked against its organization (in the file or on record)."""
    kinds = _kinds(sheet, rows, known, orgs, seen)
    parsed: ParsedRows = []
    title_keys: dict[tuple[Any, ...], int] = {}
    for number, values in rows.rows:
        before = len(sheet.errors)
        data = {c.field: sheet.value(number, values, c.field) for c in TITLE_COLUMNS}
        code = data["organization"]
        _check_title_organization(sheet, number, code, kinds, seen, known)
        _check_title(sheet, number, data, kinds.get(code or ""))
        key = (code, data["category"], data["level"], data["model"], data["edition"])
        if len(sheet.errors) == before:
            if key in title_keys:
                sheet.error(
                    number,
                    "edition",
                    _("与第 %(r)d 行是同一届的同一称号。") % {"r": title_keys[key]},
                )
            else:
                title_keys[key] = number
                parsed.append((number, data))
        counter.tick()
    return parsed


def _kinds(
    sheet: _Sheet, rows: SheetRows, known: _Known, orgs: ParsedRows, seen: dict[str, int]
) -> dict[str, str]:
    """Each organization's kind by code: from its good row in the file, else from the
    record (fetching, into ``known.existing``, those the titles name and the file lacks)."""
    kinds = {data["code"]: data["kind"] for _n, data in orgs}
    kinds |= {code: org.kind for code, org in known.existing.items() if code not in kinds}
    missing = [
        c for c in set(_codes_in(sheet, rows, "organization")) if c not in kinds and c not in seen
    ]
    for code, org in organizations_by_code(missing).items():
        known.existing[code] = org
        kinds[code] = org.kind
    return kinds


def _check_title_organization(
    sheet: _Sheet,
    number: int,
    code: str,
    kinds: dict[str, str],
    seen: dict[str, int],
    known: _Known,
) -> None:
    # A code whose own row has errors is reported there, not again here.
    if code and code not in kinds and code not in seen:
        sheet.error(number, "organization", _("组织编码“%(c)s”不存在。") % {"c": code})
    elif (
        code
        and code in known.existing
        and code not in seen
        and not known.may_edit(known.existing[code].region.path)
    ):
        sheet.error(number, "organization", _("您无权修改组织“%(c)s”的称号。") % {"c": code})


def _check_organization(sheet: _Sheet, number: int, data: dict[str, Any]) -> None:
    kind = data.get("kind")
    if not kind:
        return  # the kind's own error is reported; checks that depend on it would only echo it
    if data.get("unit_type") and kind not in {OrganizationKind.UNIT, OrganizationKind.SCHOOL}:
        sheet.error(number, "unit_type", _("只有单位和学校填写单位性质。"))
    if data.get("is_fulltime_school") and kind != OrganizationKind.SCHOOL:
        sheet.error(number, "is_fulltime_school", _("只有学校可以标为全日制学校。"))
    pairs = [
        ("party_members", "staff_count", _("在职党员数不能多于职工人数。")),
        ("party_member_volunteers", "party_members", _("党员注册志愿者数不能多于在职党员数。")),
        ("volunteers_served", "registered_volunteers", _("参与服务志愿者数不能多于注册志愿者数。")),
    ]
    for part, whole, message in pairs:
        if data.get(part) is not None and data.get(whole) is not None and data[part] > data[whole]:
            sheet.error(number, part, message)


def _check_title(sheet: _Sheet, number: int, data: dict[str, Any], kind: str | None) -> None:
    category, level = data.get("category"), data.get("level")
    if kind and category and Category(category) not in KIND_CATEGORIES[OrganizationKind(kind)]:
        sheet.error(number, "category", _("该类型的组织不能获得此类称号。"))
    if data.get("model") and (category == Category.FAMILY or level == Level.NATIONAL):
        sheet.error(number, "model", _("文明家庭和全国称号没有标兵。"))
    edition = data.get("edition")
    if edition is not None and not 1 <= edition <= 99:
        sheet.error(number, "edition", _("届次应在 1 到 99 之间。"))
    status = data.get("status") or TitleStatus.ACTIVE
    data["status"] = status
    if status != TitleStatus.ACTIVE:
        if data.get("ended_on") is None:
            sheet.error(number, "ended_on", _("已终止的称号必须填写终止日期。"))
        if not data.get("end_reason"):
            sheet.error(number, "end_reason", _("已终止的称号必须填写终止原因。"))
    elif data.get("ended_on"):
        sheet.error(number, "ended_on", _("有效的称号不能有终止日期。"))
    named_on, ended_on = data.get("named_on"), data.get("ended_on")
    if named_on and ended_on and ended_on < named_on:
        sheet.error(number, "ended_on", _("终止日期早于命名日期。"))


@transaction.atomic
def _save(
    user: User,
    orgs: ParsedRows,
    titles: ParsedRows,
    existing: dict[str, Organization],
    result: ImportResult,
) -> None:
    """Save the checked rows and their audit events, in one transaction."""
    new, changed = _save_organizations(orgs, existing)
    new_codes = {n.code for n in new}
    by_code = {o.code: o for o in new} | {
        code: o for code, o in existing.items() if code not in new_codes
    }
    saved_titles, titles_by_org, titles_changed = _save_titles(titles, by_code)
    changes = _import_changes(new, changed, titles_by_org, titles_changed, by_code)
    audit_record_many(actor=user, changes=changes)
    result.created = len(new)
    result.updated = len(changed)
    result.titles = saved_titles


Changed = list[tuple[Organization, dict[str, Any]]]  # an organization and its state before


def _save_organizations(
    orgs: ParsedRows, existing: dict[str, Organization]
) -> tuple[list[Organization], Changed]:
    """Create the new organizations, update those whose row changes them."""
    fields = [f for f in ORGANIZATION_FIELDS if f not in {"region", "body"}]
    new: list[Organization] = []
    changed: Changed = []
    for _number, data in orgs:
        old = existing.get(data["code"])
        if old is None:
            new.append(Organization(**data))
            continue
        before = snapshot(old, ORGANIZATION_FIELDS)
        for name, value in data.items():
            setattr(old, name, value)
        if snapshot(old, ORGANIZATION_FIELDS) != before:
            changed.append((old, before))
    Organization.objects.bulk_create(new, batch_size=1000)
    update_rows([o for o, _b in changed], [*fields, "region_id", "body_id"])
    return new, changed


def _save_titles(
    titles: ParsedRows, by_code: dict[str, Organization]
) -> tuple[int, dict[int, list[dict[str, Any]]], set[int]]:
    """Create or update the titles: how many were new or changed, each organization's
    titles as saved, and the organizations whose titles changed. A title on record is
    updated, not duplicated; one the file repeats unchanged is neither written nor audited."""
    current = titles_on_record([by_code[data["organization"]].pk for _n, data in titles])
    new_titles: list[Title] = []
    updated_titles: list[Title] = []
    titles_by_org: dict[int, list[dict[str, Any]]] = {}
    touched: set[int] = set()
    for _number, data in titles:
        org = by_code[data.pop("organization")]
        key = (org.pk, data["category"], data["level"], data["model"], data["edition"])
        title = current.get(key)
        if title is None:
            title = Title(organization=org, **data)
            new_titles.append(title)
            touched.add(org.pk)
        else:
            before = snapshot(title, TITLE_FIELDS)
            for name, value in data.items():
                setattr(title, name, value)
            if snapshot(title, TITLE_FIELDS) != before:
                updated_titles.append(title)
                touched.add(org.pk)
        titles_by_org.setdefault(org.pk, []).append(snapshot(title, TITLE_FIELDS))
    Title.objects.bulk_create(new_titles, batch_size=1000)
    update_rows(updated_titles, [f for f in TITLE_FIELDS if f != "organization"])
    return len(new_titles) + len(updated_titles), titles_by_org, touched


def _import_changes(
    new: list[Organization],
    changed: Changed,
    titles_by_org: dict[int, list[dict[str, Any]]],
    titles_changed: set[int],
    by_code: dict[str, Organization],
) -> list[Change]:
    """One audit event per organization the import changed, its titles included; an
    organization whose row and titles are as on record gets none."""
    changes = [
        Change(
            "organization.import",
            o,
            None,
            snapshot(o, ORGANIZATION_FIELDS) | {"titles": titles_by_org.get(o.pk, [])},
        )
        for o in new
    ]
    changes += [
        Change(
            "organization.import",
            o,
            before,
            snapshot(o, ORGANIZATION_FIELDS) | {"titles": titles_by_org.pop(o.pk, [])},
        )
        for o, before in changed
    ]
    touched = {o.pk for o in new} | {o.pk for o, _b in changed}
    by_pk = {o.pk: o for o in by_code.values()}
    for org_id, title_rows in titles_by_org.items():
        if org_id not in touched and org_id in titles_changed:
            changes.append(
                Change("organization.import", by_pk[org_id], None, {"titles": title_rows})
            )
    return changes
