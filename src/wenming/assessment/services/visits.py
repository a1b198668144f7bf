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
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record, snapshot
from wenming.documents.safety import check_upload, display_name
from wenming.visits.models import STEPS, Visit, VisitPhoto
from wenming.visits.services import visit_for_photo, visit_record

from ..models import Assignment
from .common import require_assessment_open

PHOTO_MAX_BYTES = 15 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
_PHOTO_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
_PHOTO_SUFFIXES = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}


def assignment_visit_record(
    *,
    acting_user: User,
    assignment: Assignment,
    visited_on: date | None = None,
    steps: dict[str, dict[str, Any]] | None = None,
    checklist: dict[str, bool] | None = None,
) -> Visit:
    """Record the steps of an assignment's visit; ``steps`` maps a step to
    {"done": bool, "notes": str} (a step left out is recorded as not done). The round's
    own checklist is the one allowed."""
    require_perm(acting_user, "assessment.record_visit", assignment)
    with transaction.atomic():
        require_assessment_open(assignment.round.campaign)
        recorded = visit_record(
            acting_user=acting_user,
            owners=Assignment.objects.filter(pk=assignment.pk),
            allowed=list(assignment.round.checklist),
            steps=steps or {},
            checklist=checklist,
            visited_on=visited_on,
        )
        assignment.visit = recorded.visit
        if recorded.before != recorded.after:
            audit_record(
                actor=acting_user,
                action="assessment.visit_record",
                obj=recorded.visit,
                before=recorded.before,
                after=recorded.after,
            )
    return recorded.visit


def visit_photo_add(
    *, acting_user: User, assignment: Assignment, step: str, upload: UploadedFile[Any]
) -> VisitPhoto:
    """Keep a photo of a visit step: checked by its content, stored under a random name."""
    require_perm(acting_user, "assessment.record_visit", assignment)
    if step not in STEPS:
        raise ValidationError(_("未知的考核环节。"))
    if upload.size is None or upload.size > PHOTO_MAX_BYTES:
        raise ValidationError(_("照片超过 15 MB，已拒收。"))
    data = upload.read()
    name = display_name(upload.name or "", default="photo")
    # Content against extension and the pixel count from the header, before any decoding.
    check_upload(data, name, max_pixels=PHOTO_MAX_PIXELS)
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format or ""
            width, height = image.size
            image.verify()
    except Exception as error:  # any decoding failure means "not a photo"
        raise ValidationError(_("“%(name)s”不是可识别的照片。") % {"name": name}) from error
    if kind not in _PHOTO_TYPES:
        raise ValidationError(_("照片须为 JPEG、PNG 或 WebP 格式。"))
    if width * height > PHOTO_MAX_PIXELS:
        raise ValidationError(_("照片像素过大。"))
    with transaction.atomic():
        require_assessment_open(assignment.round.campaign)
        visit = visit_for_photo(
            acting_user=acting_user, owners=Assignment.objects.filter(pk=assignment.pk)
        )
        assignment.visit = visit
        photo = VisitPhoto(
            visit=visit,
            step=step,
            original_name=name,
            size=len(data),
            content_type=_PHOTO_TYPES[kind],
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=acting_user,
        )
        # The stored name's suffix follows the content; photo_path makes the name random.
        suffix = _PHOTO_SUFFIXES[kind]
        photo.file.save(f"photo{suffix}", ContentFile(data), save=False)
        photo.save()
        audit_record(
            actor=acting_user,
            action="assessment.visit_photo",
            obj=visit,
            after=snapshot(photo, ["step", "original_name", "sha256", "size"]),
        )
    return photo
