"""Writes of 随手拍: the points register, the region outlines, a citizen's report, the 12345
import and routing a group of reports into a supervision item (the only writers).

A report joins a group by ``domain.citizen_reports.group_for``; routing opens the group's
supervision item through ``supervision.services.item_open`` (a 通知单 with a deadline for a
small problem, a plan with milestones for a big one), and the responsible unit answers it
through supervision's own reply. Imports check every row first and save all or none.
"""

import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import IO

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record, snapshot
from wenming.documents.safety import check_upload
from wenming.domain import citizen_reports as rules
from wenming.domain.review import ItemClass
from wenming.registry.importing import RowError
from wenming.registry.models import Organization, Region
from wenming.supervision.models import ItemSource
from wenming.supervision.services.items import item_open

from . import workbooks
from .models import InspectionPoint, RegionOutline, Report, ReportGroup, Source

MAX_PHOTO_BYTES = 10 * 1024 * 1024
#: The longer side of a stored photo: enough to see the problem, small enough for a phone.
PHOTO_SIDE = 1600
POINT_FIELDS = ["name", "kind", "lng", "lat", "organization", "address", "active"]


class ImportRefused(ValidationError):
    """The file was refused; ``errors`` names each row (nothing was saved)."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__([describe(e) for e in errors], code="import_invalid")
        self.errors = errors


def describe(error: RowError) -> str:
    if not error.row:
        return error.message
    if not error.field:
        return _("第%(row)d行：%(message)s") % {"row": error.row, "message": error.message}
    return _("第%(row)d行“%(column)s”%(message)s") % {
        "row": error.row,
        "column": error.field,
        "message": error.message,
    }


def _office(acting_user: User, office: Region) -> None:
    require_perm(acting_user, "reports.run_office", office)


def _organization_in_scope(acting_user: User, organization: Organization) -> None:
    if not acting_user.has_perm("reports.assign_unit", organization):
        raise ValidationError(_("责任单位不在本文明办的管辖范围内。"), code="out_of_scope")


# ---- inspection points ---------------------------------------------------------------------


def point_save(
    *,
    acting_user: User,
    office: Region,
    point: InspectionPoint | None = None,
    name: str,
    kind: str,
    lng: Decimal,
    lat: Decimal,
    organization: Organization,
    address: str = "",
    active: bool = True,
) -> InspectionPoint:
    """Add a point or change one (its office stays)."""
    _office(acting_user, point.office if point else office)
    _organization_in_scope(acting_user, organization)
    if not rules.valid_coordinate(float(lng), float(lat)):
        raise ValidationError(_("经纬度不在我国境内，请检查是否填反。"), code="coordinates")
    current = point or InspectionPoint(office=office)
    before = snapshot(current, POINT_FIELDS) if point else None
    for name_, value in {
        "name": name.strip(),
        "kind": kind,
        "lng": lng,
        "lat": lat,
        "organization": organization,
        "address": address.strip(),
        "active": active,
    }.items():
        setattr(current, name_, value)
    current.full_clean()
    with transaction.atomic():
        current.save()
        audit_record(
            actor=acting_user,
            action="point.change" if point else "point.add",
            obj=current,
            before=before,
            after=snapshot(current, POINT_FIELDS),
        )
    return current


def points_import(*, acting_user: User, office: Region, source: IO[bytes]) -> int:
    """Add or update (by name) every point of the workbook; any wrong row saves nothing."""
    _office(acting_user, office)
    errors: list[RowError] = []
    rows = workbooks.read_points(source, errors)
    if rows is None:
        raise ImportRefused(errors)
    codes = {values["organization"] for _n, values in rows.rows}
    organizations = {o.code: o for o in Organization.objects.filter(code__in=codes)}
    seen: dict[str, int] = {}
    for number, values in rows.rows:
        organization = organizations.get(values["organization"])
        header = str(workbooks.POINT_COLUMNS[4].header)
        if organization is None:
            errors.append(RowError(rows.sheet, number, "", header, _("在组织名录中找不到。")))
        elif not acting_user.has_perm("reports.assign_unit", organization):
            errors.append(RowError(rows.sheet, number, "", header, _("不在本文明办的管辖范围内。")))
        if values["name"] in seen:
            message = _("与第%(n)d行点位名称重复。") % {"n": seen[values["name"]]}
            errors.append(RowError(rows.sheet, number, "", "", message))
        seen.setdefault(values["name"], number)
    if errors:
        raise ImportRefused(sorted(errors, key=lambda e: e.row))
    existing = {p.name: p for p in InspectionPoint.objects.filter(office=office, name__in=seen)}
    with transaction.atomic():
        for _number, values in rows.rows:
            point = existing.get(values["name"]) or InspectionPoint(office=office)
            point.name, point.kind = values["name"], values["kind"]
            point.lng, point.lat = values["lng"], values["lat"]
            point.organization = organizations[values["organization"]]
            point.address = values.get("address") or ""
            point.save()
        audit_record(
            actor=acting_user,
            action="point.import",
            obj=office,
            after={"points": sorted(seen), "updated": sorted(existing)},
        )
    return len(rows.rows)


def outlines_import(*, acting_user: User, office: Region, data: bytes) -> int:
    """Replace the outlines of the office's regions (itself and below) from GeoJSON."""
    _office(acting_user, office)
    errors: list[RowError] = []
    outlines = workbooks.read_outlines(data, errors)
    regions = {r.code: r for r in Region.objects.filter(code__in=outlines)}
    for number, code in enumerate(outlines, start=1):
        region = regions.get(code)
        if region is None or not region.path.startswith(office.path):
            message = _("区划代码%(code)s不在本文明办的辖区内。") % {"code": code}
            errors.append(RowError("GeoJSON", number, "", "", message))
    if errors or not outlines:
        raise ImportRefused(errors or [RowError("GeoJSON", 0, "", "", _("文件中没有区划轮廓。"))])
    with transaction.atomic():
        for code, rings in outlines.items():
            RegionOutline.objects.update_or_create(region=regions[code], defaults={"rings": rings})
        audit_record(
            actor=acting_user,
            action="outline.import",
            obj=office,
            after={"regions": sorted(outlines)},
        )
    return len(outlines)


# ---- reports -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Photo:
    content: bytes
    sha256: str


def photo_check(upload: UploadedFile[bytes] | None) -> Photo | None:
    """The photo re-encoded as a JPEG, upright, at most ``PHOTO_SIDE`` pixels, its EXIF
    (GPS position, phone model) dropped: a citizen's home must not leak from a picture."""
    if upload is None:
        return None
    if upload.size is not None and upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(_("照片不能超过 10 MB。"), code="photo_size")
    data = upload.read()
    if len(data) > MAX_PHOTO_BYTES:
        raise ValidationError(_("照片不能超过 10 MB。"), code="photo_size")
    content_type = check_upload(data, upload.name or "photo")
    if content_type not in ("image/jpeg", "image/png", "image/webp"):
        raise ValidationError(_("请上传 JPG、PNG 或 WebP 格式的照片。"), code="photo_type")
    try:
        with Image.open(io.BytesIO(data)) as image:
            upright = ImageOps.exif_transpose(image).convert("RGB")
        upright.thumbnail((PHOTO_SIDE, PHOTO_SIDE))
        out = io.BytesIO()
        upright.save(out, "JPEG", quality=85)  # no exif= given: none is written
    except Exception as error:  # Pillow raises many types for a damaged image
        raise ValidationError(_("照片已损坏，无法打开。"), code="photo_broken") from error
    content = out.getvalue()
    return Photo(content, hashlib.sha256(content).hexdigest())


def _group(office: Region, point: InspectionPoint | None, category: str, on: date) -> ReportGroup:
    """The open group the report joins, or a new one (locked while the report is added)."""
    open_groups = (
        ReportGroup.objects.select_for_update(of=("self",))
        .filter(office=office, point=point, category=category)
        .exclude(item__state="closed")
        if point is not None
        else ReportGroup.objects.none()
    )
    candidates = [rules.OpenGroup(g.pk, g.point_id, g.category, g.opened_on) for g in open_groups]
    found = rules.group_for(
        candidates, point_id=point.pk if point else None, category=category, on=on
    )
    if found is not None:
        return ReportGroup.objects.get(pk=found)
    return ReportGroup.objects.create(office=office, point=point, category=category, opened_on=on)


def _new_code() -> str:
    for _attempt in range(5):
        code = rules.tracking_code()
        if not Report.objects.filter(tracking_code=code).exists():
            return code
    raise RuntimeError("no free tracking code after five draws")  # 2^60 codes: never


def report_file(
    *,
    acting_user: User | AnonymousUser,
    office: Region,
    category: str,
    description: str,
    photo: Photo | None,
    point: InspectionPoint | None = None,
    lng: Decimal | None = None,
    lat: Decimal | None = None,
    contact: str = "",
    source_ip: str | None = None,
) -> Report:
    """Anyone (no login) reports a problem with a photo, at a point or a position."""
    if not description.strip():
        raise ValidationError(_("请描述看到的问题。"), code="description")
    if photo is None:
        raise ValidationError(_("请拍一张问题的照片。"), code="photo")
    if point is not None and (point.office_id != office.pk or not point.active):
        raise ValidationError(_("所选点位不属于本地。"), code="point")
    if point is None and (lng is None or lat is None):
        raise ValidationError(_("请选择点位，或允许浏览器获取您的位置。"), code="place")
    if (
        point is None
        and lng is not None
        and lat is not None
        and not rules.valid_coordinate(float(lng), float(lat))
    ):
        raise ValidationError(_("获取到的位置无效，请改为选择点位。"), code="place")
    today = timezone.localdate()
    with transaction.atomic():
        report = Report(
            office=office,
            group=_group(office, point, category, today),
            source=Source.CITIZEN,
            tracking_code=_new_code(),
            category=category,
            description=description.strip(),
            point=point,
            lng=lng if point is None else point.lng,
            lat=lat if point is None else point.lat,
            contact=contact.strip(),
            source_ip=source_ip,
            photo_sha256=photo.sha256,
        )
        # Django's default storage (S3 in production), under a random key.
        report.photo.save("photo.jpg", ContentFile(photo.content), save=False)
        report.save()
        audit_record(
            actor=acting_user,
            action="report.file",
            obj=report,
            after={
                "category": category,
                "point": point.pk if point else None,
                "group": report.group_id,
                "description": report.description,
            },
        )
    return report


@dataclass
class HotlineImport:
    created: int = 0
    skipped: list[str] = field(default_factory=list)  # 工单编号 already imported


def hotline_import(*, acting_user: User, office: Region, source: IO[bytes]) -> HotlineImport:
    """Import a 12345 export: every ticket new to Wenming becomes a report (grouped by the
    point named in 地点); tickets imported before are skipped; any wrong row saves nothing."""
    _office(acting_user, office)
    errors: list[RowError] = []
    rows = workbooks.read_hotline(source, errors)
    if rows is None or errors:
        raise ImportRefused(errors)
    seen: dict[str, int] = {}
    for number, values in rows.rows:
        ticket = values["ticket_number"]
        if ticket in seen:
            message = _("工单编号%(t)s与第%(n)d行重复。") % {"t": ticket, "n": seen[ticket]}
            errors.append(RowError(rows.sheet, number, "", "", message))
        seen.setdefault(ticket, number)
    if errors:
        raise ImportRefused(errors)
    result = HotlineImport()
    points = {p.name: p for p in InspectionPoint.objects.filter(office=office, active=True)}
    with transaction.atomic():
        known = set(
            Report.objects.filter(ticket_number__in=seen).values_list("ticket_number", flat=True)
        )
        for _number, values in rows.rows:
            if values["ticket_number"] in known:
                result.skipped.append(values["ticket_number"])
                continue
            point = points.get(values["place"])
            called = values["called_at"]
            report = Report(
                office=office,
                group=_group(office, point, values["category"], timezone.localdate(called)),
                source=Source.HOTLINE,
                tracking_code=_new_code(),
                category=values["category"],
                description=values["description"],
                point=point,
                lng=point.lng if point else values.get("lng"),
                lat=point.lat if point else values.get("lat"),
                place=values["place"],
                ticket_number=values["ticket_number"],
                called_at=called,
                handling_unit=values.get("handling_unit") or "",
                imported_by=acting_user,
            )
            try:
                with transaction.atomic():
                    report.save()
            except IntegrityError:  # imported meanwhile by a second upload of the same file
                result.skipped.append(values["ticket_number"])
                continue
            result.created += 1
        audit_record(
            actor=acting_user,
            action="report.hotline_import",
            obj=office,
            after={"created": result.created, "skipped": result.skipped},
        )
    return result


# ---- routing -------------------------------------------------------------------------------


def group_route(
    *,
    acting_user: User,
    group: ReportGroup,
    item_class: str,
    deadline: date,
    organization: Organization,
    title: str = "",
    milestones: Iterable[tuple[str, date]] = (),
) -> ReportGroup:
    """Turn a group of reports into one supervision item for the responsible unit: a small
    problem's 通知单 with a deadline, or a big one's plan with its milestones."""
    require_perm(acting_user, "reports.route", group)
    if item_class not in (ItemClass.SMALL, ItemClass.BIG):
        raise ValidationError(_("请选择小问题（通知单）或大问题（整改方案）。"), code="class")
    if deadline < timezone.localdate():
        raise ValidationError(_("整改期限不能早于今天。"), code="deadline")
    _organization_in_scope(acting_user, organization)
    with transaction.atomic():
        current = ReportGroup.objects.select_for_update().get(pk=group.pk)
        if current.item_id is not None:
            raise ValidationError(_("该问题已转为督办事项。"), code="routed")
        reports = list(current.reports.order_by("created_at", "id"))
        sources = {r.source for r in reports}
        where = current.point.name if current.point else (reports[0].place or _("市民定位"))
        item = item_open(
            acting_user=acting_user,
            office=current.office,
            title=title.strip()
            or _("%(place)s：%(category)s")
            % {"place": where, "category": current.get_category_display()},
            description="\n".join(f"{r.tracking_code} {r.description}" for r in reports),
            source=ItemSource.HOTLINE if sources == {Source.HOTLINE} else ItemSource.CITIZEN,
            source_reference=", ".join(r.ticket_number or r.tracking_code for r in reports)[:100],
            organization=organization,
            item_class=item_class,
            deadline=deadline,
            milestones=milestones,
        )
        current.item = item
        current.save(update_fields=["item"])
        audit_record(
            actor=acting_user,
            action="report_group.route",
            obj=current,
            after={"item": item.pk, "organization": organization.pk, "reports": len(reports)},
        )
    return current
