"""Appeal services: the office sets the window, an applicant lodges its one appeal per
award with reasons and evidence, the office answers (docs/rules.md#appeals).

An appeal is taken once the ranking is frozen, until the end of the window's last
working day, while screening is open, once per application. Evidence files are checked
by their content (``documents.safety.check_upload``): PDFs and photos only; a lodge that
fails after writing them removes them again (storage has no rollback). The answer
is final; an answer of 更正 is carried out by the office re-ranking with a reason on the
ranking page (``assessment.services.ranking_compute``), which keeps its own record.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record
from wenming.campaigns.models import Application, Campaign
from wenming.documents.safety import check_upload, display_name
from wenming.domain import appeals as domain

from .messages import day, refusal_message
from .models import Appeal, AppealEvidence, AppealOutcome, AppealStatus, AppealWindow
from .selectors import first_frozen, lodging_refusal, result_of, window_of

MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024
#: What an appeal's evidence may be, by the type its bytes show, and the stored suffix.
FILE_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
}


@dataclass(frozen=True)
class EvidenceFile:
    """An uploaded file as the service takes it: the name it came with and its bytes."""

    name: str
    content: bytes


def appeal_window_set(*, acting_user: User, campaign: Campaign, working_days: int) -> AppealWindow:
    """Set how many working days after the freeze applicants may appeal; only before the
    ranking is frozen (the applicants count on the last day once it is shown)."""
    require_perm(acting_user, "appeals.manage", campaign)
    if not 1 <= working_days <= domain.MAX_WORKING_DAYS:
        raise ValidationError(
            _("申诉期限应为1至%(max)s个工作日。") % {"max": domain.MAX_WORKING_DAYS},
            code="working_days",
        )
    with transaction.atomic():
        frozen = first_frozen(campaign)
        if frozen is not None and frozen.frozen_at is not None:
            raise ValidationError(
                _("测评排名已于%(day)s锁定，申诉期限不能再修改。")
                % {"day": day(timezone.localdate(frozen.frozen_at))},
                code="frozen",
            )
        row = AppealWindow.objects.select_for_update().filter(campaign=campaign).first()
        before = {"working_days": row.working_days} if row is not None else None
        if row is None:
            row = AppealWindow(campaign=campaign, updated_by=acting_user)
        row.working_days, row.updated_by = working_days, acting_user
        row.save()
        audit_record(
            actor=acting_user,
            action="appeal_window.set",
            obj=campaign,
            before=before,
            after={"working_days": working_days},
        )
    return row


def _checked(files: Sequence[EvidenceFile]) -> list[tuple[EvidenceFile, str]]:
    """Each file with its content type, or a ValidationError naming the file."""
    if len(files) > MAX_FILES:
        raise ValidationError(
            _("申诉材料最多上传%(n)s个文件。") % {"n": MAX_FILES}, code="too_many_files"
        )
    checked = []
    for upload in files:
        name = display_name(upload.name, default="file")
        if len(upload.content) > MAX_FILE_BYTES:
            raise ValidationError(
                _("文件“%(name)s”超过10MB，请压缩后重新上传。") % {"name": name},
                code="too_large",
            )
        content_type = check_upload(upload.content, name)
        if content_type not in FILE_TYPES:
            raise ValidationError(
                _("文件“%(name)s”不是PDF或图片（JPEG、PNG、WebP），请转换后重新上传。")
                % {"name": name},
                code="file_type",
            )
        checked.append((EvidenceFile(name, upload.content), content_type))
    return checked


def _store(
    appeal: Appeal, checked: list[tuple[EvidenceFile, str]], stored: list[FieldFile]
) -> None:
    """Save each file and its row; ``stored`` collects the files as they are written,
    so that a rollback can remove them."""
    for upload, content_type in checked:
        row = AppealEvidence(
            appeal=appeal,
            original_name=upload.name,
            size=len(upload.content),
            content_type=content_type,
            sha256=hashlib.sha256(upload.content).hexdigest(),
        )
        row.file.save(
            f"evidence{FILE_TYPES[content_type]}", ContentFile(upload.content), save=False
        )
        stored.append(row.file)
        row.save()


def appeal_lodge(
    *,
    acting_user: User,
    application: Application,
    reasons: str,
    files: Sequence[EvidenceFile] = (),
    today: date | None = None,
) -> Appeal:
    """The applicant appeals against its frozen result in one award, once, in time."""
    require_perm(acting_user, "appeals.lodge", application)
    reasons = reasons.strip()
    if not reasons:
        raise ValidationError(_("请填写申诉理由。"), code="reasons")
    checked = _checked(files)
    window = window_of(application.campaign)
    stored: list[FieldFile] = []
    try:
        with transaction.atomic():
            # One appeal per application: the row lock makes a second, simultaneous one
            # wait and then find the first.
            application = Application.objects.select_for_update().get(pk=application.pk)
            refused = lodging_refusal(application, window, today)
            if refused is not None:
                raise ValidationError(refusal_message(refused, window.last_day), code=refused.value)
            result = result_of(application)
            if result is None or result.version is None:  # lodging_refusal said NOT_RANKED
                raise ValidationError(refusal_message(domain.Refusal.NOT_RANKED, None))
            appeal = Appeal.objects.create(
                application=application,
                version=result.version,
                total=result.total,
                rank=result.rank,
                reasons=reasons,
                lodged_by=acting_user,
            )
            _store(appeal, checked, stored)
            audit_record(
                actor=acting_user,
                action="appeal.lodge",
                obj=appeal,
                after={
                    "application": application.pk,
                    "reasons": reasons,
                    "total": result.total,
                    "rank": result.rank,
                    "files": [u.name for u, _type in checked],
                },
            )
    except BaseException:
        # The rows are rolled back but storage is not transactional: remove what was
        # written, or the files would stay with no appeal to find them by.
        for written in stored:
            written.delete(save=False)
        raise
    return appeal


def appeal_answer(*, acting_user: User, appeal: Appeal, outcome: str, answer: str) -> Appeal:
    """The office answers an appeal, once: 维持原结果 or 更正, with its reasons."""
    require_perm(acting_user, "appeals.answer", appeal)
    answer = answer.strip()
    if outcome not in AppealOutcome.values:
        raise ValidationError(_("请选择答复结论：维持原结果或更正。"), code="outcome")
    if not answer:
        raise ValidationError(_("请填写答复意见。"), code="answer")
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if appeal.status != AppealStatus.OPEN:
            raise ValidationError(_("该申诉已答复，答复不能修改。"), code="answered")
        appeal.status = AppealStatus.ANSWERED
        appeal.outcome, appeal.answer = outcome, answer
        appeal.answered_by, appeal.answered_at = acting_user, timezone.now()
        appeal.save()
        audit_record(
            actor=acting_user,
            action="appeal.answer",
            obj=appeal,
            before={"status": AppealStatus.OPEN},
            after={"status": appeal.status, "outcome": outcome, "answer": answer},
        )
    return appeal
