"""A group's visit to an applicant: the four steps with notes, checklist and photos."""

import hashlib
import io
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image

from wenming.accounts.models import User
from wenming.audit.services import audit_record, snapshot

from ..models import Assignment, Visit, VisitPhoto
from .common import require, require_assessment_open

#: The four steps of a visit, in order (docs/rules.md#visits).
STEPS = ("report", "files", "site", "feedback")
VISIT_FIELDS = ["visited_on", "site_checklist"] + [
    f"{step}_{part}" for step in STEPS for part in ("done", "notes")
]
PHOTO_MAX_BYTES = 15 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
_PHOTO_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def visit_record(
    *,
    acting_user: User,
    assignment: Assignment,
    visited_on: date | None = None,
    steps: dict[str, dict[str, Any]] | None = None,
    checklist: dict[str, bool] | None = None,
) -> Visit:
    """Record the steps of a visit; ``steps`` maps a step to {"done": bool, "notes": str}."""
    require(acting_user, "assessment.record_visit", assignment)
    allowed = set(assignment.round.checklist)
    unknown = [item for item in (checklist or {}) if item not in allowed]
    if unknown:
        raise ValidationError(_("检查清单中没有“%(item)s”。") % {"item": unknown[0]})
    with transaction.atomic():
        require_assessment_open(assignment.round.campaign)
        visit = Visit.objects.select_for_update().filter(assignment=assignment).first()
        before = snapshot(visit, VISIT_FIELDS) if visit else None
        if visit is None:
            visit = Visit(assignment=assignment, updated_by=acting_user)
        if visited_on is not None:
            visit.visited_on = visited_on
        for step, values in (steps or {}).items():
            if step not in STEPS:
                raise ValidationError(_("未知的考核环节。"))
            setattr(visit, f"{step}_done", bool(values.get("done")))
            setattr(visit, f"{step}_notes", str(values.get("notes", "")).strip())
        if checklist is not None:
            visit.site_checklist = {item: bool(checklist.get(item)) for item in allowed}
        visit.updated_by = acting_user
        visit.save()
        after = snapshot(visit, VISIT_FIELDS)
        if before != after:
            audit_record(
                actor=acting_user,
                action="assessment.visit_record",
                obj=visit,
                before=before,
                after=after,
            )
    return visit


def visit_photo_add(
    *, acting_user: User, assignment: Assignment, step: str, upload: UploadedFile
) -> VisitPhoto:
    """Keep a photo of a visit step: checked by its content, stored under a random name."""
    require(acting_user, "assessment.record_visit", assignment)
    if step not in STEPS:
        raise ValidationError(_("未知的考核环节。"))
    if upload.size is None or upload.size > PHOTO_MAX_BYTES:
        raise ValidationError(_("照片超过 15 MB，已拒收。"))
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format or ""
            width, height = image.size
            image.verify()
    except Exception as error:  # any decoding failure means "not a photo"
        raise ValidationError(_("“%(name)s”不是可识别的照片。") % {"name": upload.name}) from error
    if kind not in _PHOTO_TYPES:
        raise ValidationError(_("照片须为 JPEG、PNG 或 WebP 格式。"))
    if width * height > PHOTO_MAX_PIXELS:
        raise ValidationError(_("照片像素过大。"))
    with transaction.atomic():
        require_assessment_open(assignment.round.campaign)
        visit = Visit.objects.filter(assignment=assignment).first() or Visit.objects.create(
            assignment=assignment, updated_by=acting_user
        )
        photo = VisitPhoto(
            visit=visit,
            step=step,
            original_name=(upload.name or "")[:255],
            size=len(data),
            content_type=_PHOTO_TYPES[kind],
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=acting_user,
        )
        photo.file.save(upload.name or "photo", ContentFile(data), save=False)
        photo.save()
        audit_record(
            actor=acting_user,
            action="assessment.visit_photo",
            obj=visit,
            after=snapshot(photo, ["step", "original_name", "sha256", "size"]),
        )
    return photo
