"""The office's task lists: import from Excel, publish, delete, and a plan taking one over.

An import is all rows or none: every row is checked (required cells, 完成时间 readable as
due-date words, lengths) and any error leaves nothing saved, with every error named by
row and column ("第4行“完成时间”：…"). A published list is frozen; a corrected file
becomes a new list. A plan's office takes a published list of an office above its
organization; each item becomes one of the plan's tasks, once.
"""

import re
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.audit.services import audit_record
from wenming.documents.safety import HostileFile
from wenming.domain.creation import DueDateError, due_periods
from wenming.registry.models import KIND_CHOICES, UNIT_TYPE_LABELS, Organization, Region
from wenming.registry.scopes import scope_of

from .. import scopes
from ..messages import due_date_message
from ..models import Department, Plan, Task, TaskList, TaskListItem, TaskListStatus
from ..task_list_workbook import COLUMNS, ListRows, read_list
from .assignments import framework_clauses, match_departments, plan_framework
from .tasks import task_create

#: The item fields with a length limit, from the model.
_MAX_LENGTHS: dict[str, int] = {
    f.name: f.max_length
    for f in TaskListItem._meta.concrete_fields
    if isinstance(f, models.CharField) and f.max_length
}
_HEADERS = {c.field: c.header for c in COLUMNS}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # the column's header ("" for the whole file)
    message: str

    def __str__(self) -> str:
        if not self.row:
            return self.message
        if not self.column:
            return _("第%(row)d行：%(message)s") % {"row": self.row, "message": self.message}
        return _("第%(row)d行“%(column)s”：%(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class TaskListImportError(ValidationError):
    """The file was refused; ``errors`` names each row and column (nothing was saved)."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__([str(e) for e in errors])
        self.errors = errors


def manages_office(user: User, office: Region) -> bool:
    """Whether the user is the office of ``office`` or of a region above it."""
    scope = scope_of(user)
    return scope.is_admin or any(office.path.startswith(p) for p in scope.office_paths)


def offices_for(user: User) -> QuerySet[Region]:
    """The regions whose lists the user may import: its own office regions."""
    scope = scope_of(user)
    if scope.is_admin:
        return Region.objects.filter(level__in=("province", "city", "county"))
    return Region.objects.filter(path__in=scope.office_paths)


def _check_list_fields(name: str, year: int, kind: str, unit_type: str) -> None:
    problems = []
    if not name.strip():
        problems.append(_("请填写清单名称。"))
    elif len(name) > 200:
        problems.append(_("清单名称不能超过 200 个字符。"))
    if not 2000 <= year <= 2100:
        problems.append(_("年度应在 2000 到 2100 之间。"))
    if kind not in dict(KIND_CHOICES):
        problems.append(_("请选择组织类型。"))
    if unit_type and unit_type not in {u.value for u in UNIT_TYPE_LABELS}:
        problems.append(_("单位性质不在可选范围内。"))
    if problems:
        raise ValidationError(problems)


def _open(upload: UploadedFile[bytes] | IO[bytes]) -> ListRows:
    name = str(getattr(upload, "name", "") or "")
    if not name.lower().endswith(".xlsx"):
        raise TaskListImportError([RowError(0, "", _("请上传 .xlsx 格式的 Excel 工作簿。"))])
    upload.seek(0)
    if upload.read(4) != b"PK\x03\x04":
        raise TaskListImportError([RowError(0, "", _("文件内容不是 Excel 工作簿（.xlsx）。"))])
    upload.seek(0)
    try:
        rows = read_list(upload)
    except HostileFile as refusal:
        raise TaskListImportError([RowError(0, "", " ".join(refusal.messages))]) from None
    except Exception:  # calamine raises many kinds of error for a damaged workbook
        message = _("文件无法读取：请上传由模板填写的 .xlsx 工作簿。")
        raise TaskListImportError([RowError(0, "", message)]) from None
    if rows is None:
        message = _("找不到表头：工作表中应有“指标名称”“完成时间”等列名所在的一行。")
        raise TaskListImportError([RowError(0, "", message)])
    missing = rows.missing()
    if missing:
        names = "、".join(f"“{c.header}”" for c in missing)
        message = _("缺少必填列：%(c)s。") % {"c": names}
        raise TaskListImportError([RowError(rows.header_row, "", message)])
    if not rows.rows:
        raise TaskListImportError([RowError(0, "", _("表头以下没有任务行。"))])
    return rows


def _check_row(number: int, row: dict[str, str], year: int, errors: list[RowError]) -> None:
    def error(field: str, message: str) -> None:
        errors.append(RowError(number, str(_HEADERS[field]), message))

    for column in COLUMNS:
        text = row.get(column.field, "")
        limit = _MAX_LENGTHS.get(column.field)
        if column.required and not text:
            error(column.field, _("必填项为空。"))
        elif limit and column.field != "number" and len(text) > limit:
            error(column.field, _("超过 %(n)d 个字符。") % {"n": limit})
    if row.get("due_text"):
        try:
            due_periods(row["due_text"], year)
        except DueDateError as problem:
            error("due_text", due_date_message(problem))


def _numbers(rows: ListRows, errors: list[RowError]) -> list[int]:
    """Each row's 序号: as written when given (a positive whole number, once), else next."""
    numbers: list[int] = []
    seen: dict[int, int] = {}
    header = str(_HEADERS["number"])
    for line, row in rows.rows:
        text = row.get("number", "")
        number = max(numbers, default=0) + 1
        if text:
            if not text.isdigit() or int(text) == 0:
                errors.append(RowError(line, header, _("“%(v)s”不是正整数。") % {"v": text}))
            else:
                number = int(text)
        if number in seen:
            message = _("序号 %(n)d 与第%(r)d行重复。") % {"n": number, "r": seen[number]}
            errors.append(RowError(line, header, message))
        seen.setdefault(number, line)
        numbers.append(number)
    return numbers


def task_list_import(
    *,
    acting_user: User,
    office: Region,
    name: str,
    year: int,
    kind: str,
    unit_type: str = "",
    upload: UploadedFile[bytes] | IO[bytes],
) -> TaskList:
    """Read the office's list from Excel and save it as a draft, every row or none."""
    if not manages_office(acting_user, office):
        raise PermissionDenied
    _check_list_fields(name, year, kind, unit_type)
    rows = _open(upload)
    errors: list[RowError] = []
    numbers = _numbers(rows, errors)
    for line, row in rows.rows:
        _check_row(line, row, year, errors)
    if errors:
        order = [str(h) for h in _HEADERS.values()]
        errors.sort(key=lambda e: (e.row, order.index(e.column) if e.column in order else -1))
        raise TaskListImportError(errors)
    source_name = str(getattr(upload, "name", "") or "")[:255]
    with transaction.atomic():
        task_list = TaskList.objects.create(
            office=office,
            name=name.strip(),
            year=year,
            kind=kind,
            unit_type=unit_type,
            source_name=source_name,
            created_by=acting_user,
        )
        TaskListItem.objects.bulk_create(
            TaskListItem(task_list=task_list, number=number, **_item_fields(row))
            for number, (_line, row) in zip(numbers, rows.rows, strict=True)
        )
        audit_record(
            actor=acting_user,
            action="creation.task_list_import",
            obj=task_list,
            after={"name": task_list.name, "file": source_name, "rows": len(rows.rows)},
        )
    return task_list


def _item_fields(row: dict[str, str]) -> dict[str, Any]:
    return {c.field: row.get(c.field, "") for c in COLUMNS if c.field != "number"}


def task_list_publish(*, acting_user: User, task_list: TaskList) -> TaskList:
    """Publish a draft list: applicants may take it over; it is frozen from now on."""
    if not scopes.manages_task_list(acting_user, task_list):
        raise PermissionDenied
    with transaction.atomic():
        locked = TaskList.objects.select_for_update().get(pk=task_list.pk)
        if locked.status != TaskListStatus.DRAFT:
            raise ValidationError(_("该清单已发布，不能再次发布。"))
        if not locked.items.exists():
            raise ValidationError(_("清单没有任务，不能发布。"))
        locked.status = TaskListStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_at"])
        audit_record(
            actor=acting_user,
            action="creation.task_list_publish",
            obj=locked,
            before={"status": TaskListStatus.DRAFT.value},
            after={"status": locked.status, "items": locked.items.count()},
        )
    return locked


def task_list_delete(*, acting_user: User, task_list: TaskList) -> None:
    """Delete a draft list (a published one stays: plans may have taken it over)."""
    if not scopes.manages_task_list(acting_user, task_list):
        raise PermissionDenied
    with transaction.atomic():
        locked = TaskList.objects.select_for_update().get(pk=task_list.pk)
        if locked.status != TaskListStatus.DRAFT:
            raise ValidationError(_("已发布的清单不能删除。"))
        audit_record(
            actor=acting_user,
            action="creation.task_list_delete",
            obj=locked,
            before={"name": locked.name, "items": locked.items.count()},
        )
        locked.delete()


def lists_for_organization(organization: Organization) -> QuerySet[TaskList]:
    """The published lists of the offices at or above the organization's region whose
    kind (and unit type, when the list names one) fit it."""
    path = organization.region.path
    parts = path.strip("/").split("/")
    ancestors = ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
    return TaskList.objects.filter(
        Q(unit_type="") | Q(unit_type=organization.unit_type),
        status=TaskListStatus.PUBLISHED,
        office__path__in=ancestors,
        kind=organization.kind,
    )


_NAME_SEPARATORS = re.compile(r"[、，,\s]+")


def _department_for(text: str, departments: list[Department]) -> Department | None:
    """The department the item's 责任部门 names first (the first listed leads, 牵头),
    matched by the one rule the framework's defaults use (:func:`match_departments`)."""
    chosen = match_departments(_NAME_SEPARATORS.split(text), departments)
    return chosen[0] if chosen else None


def task_list_inherit(*, acting_user: User, plan: Plan, task_list: TaskList) -> list[Task]:
    """Make the plan's tasks from a published list's items, skipping those already taken."""
    if not scopes.runs_plan(acting_user, plan):
        raise PermissionDenied
    scopes.require_plan_open(plan)
    if not lists_for_organization(plan.organization).filter(pk=task_list.pk).exists():
        raise ValidationError(_("该清单未发布，或不适用于本单位。"))
    departments = list(Department.objects.filter(organization_id=plan.organization_id))
    # A clause key the plan's framework lacks (another year's 测评体系) is left off the
    # task; the item still names it.
    clauses = framework_clauses(plan_framework(plan))
    created: list[Task] = []
    with transaction.atomic():
        Plan.objects.select_for_update().filter(pk=plan.pk).first()  # one inherit at a time
        taken = set(
            Task.objects.filter(plan=plan, list_item__task_list=task_list).values_list(
                "list_item_id", flat=True
            )
        )
        for item in task_list.items.exclude(pk__in=taken):
            created.append(
                task_create(
                    acting_user=acting_user,
                    plan=plan,
                    title=item.indicator,
                    due_text=item.due_text,
                    department=_department_for(item.departments, departments),
                    clause_key=item.clause_key if item.clause_key in clauses else "",
                    list_item=item,
                    material_requirement=item.material_requirement or item.online_requirement,
                )
            )
        audit_record(
            actor=acting_user,
            action="creation.task_list_inherit",
            obj=plan,
            after={"task_list": task_list.name, "created": len(created), "skipped": len(taken)},
        )
    return created
