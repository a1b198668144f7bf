"""Writes of a task occurrence's material (DOMAIN §12, seed 004; issue 11 §5–§6).

A department's people (or the plan's office acting for them) upload material while the
occurrence is 待提交 or 已退回; each file is checked exactly as application evidence is
(the same public checks, with the campaign's evidence rules) and kept with its findings.
The department submits it; only the department's leader (分管领导) signs it off, which
prints the 资料提交表; the plan's office then accepts it, and only then is it copied to
the application as evidence, through the campaigns' own ``evidence_add``. Nothing else
reaches the application. Every step is audited, inside one transaction.
"""

import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming.accounts.models import User
from wenming.audit.services import audit_record
from wenming.campaigns.evidence_files import inspect
from wenming.campaigns.models import Application
from wenming.campaigns.selectors.applications import evidence_rules_for
from wenming.campaigns.services.evidence import EVIDENCE_MAX_BYTES, SUFFIXES, evidence_add
from wenming.documents.safety import check_upload, display_name
from wenming.domain.application_states import EDITABLE as APPLICATION_EDITABLE
from wenming.domain.evidence import Captions, EvidenceKind, Finding, check

from .. import scopes
from ..models import Material, MaterialKind, Occurrence, OccurrenceStatus, Plan, Task
from ..submission_sheet import sheet_name, sheet_pdf

#: Which campaigns' evidence kind each material kind becomes on the application.
EVIDENCE_KINDS = {
    MaterialKind.PHOTO: EvidenceKind.PHOTO,
    MaterialKind.DOCUMENT: EvidenceKind.OFFICIAL_DOCUMENT,
    MaterialKind.REPORT: EvidenceKind.REPORT,
    MaterialKind.MEDIA: EvidenceKind.MEDIA_SCREENSHOT,
}

#: The only moves an occurrence's status makes (the state machine the tests check).
MOVES: dict[str, frozenset[str]] = {
    OccurrenceStatus.OPEN: frozenset({OccurrenceStatus.SUBMITTED}),
    OccurrenceStatus.RETURNED: frozenset({OccurrenceStatus.SUBMITTED}),
    OccurrenceStatus.SUBMITTED: frozenset({OccurrenceStatus.SIGNED_OFF, OccurrenceStatus.OPEN}),
    OccurrenceStatus.SIGNED_OFF: frozenset({OccurrenceStatus.ACCEPTED, OccurrenceStatus.RETURNED}),
    OccurrenceStatus.ACCEPTED: frozenset(),
}
#: The states in which the department still works on its material.
EDITABLE = frozenset({OccurrenceStatus.OPEN, OccurrenceStatus.RETURNED})
COMMENT_MAX = 500
#: Why an office member without the application's login leaves the copy to its contact.
WAITS_FOR_CONTACT = gettext_lazy("验收后，材料将在本单位申报联系人按“重新转入申报表”时转入申报表。")


def _locked(occurrence: Occurrence) -> Occurrence:
    return (
        Occurrence.objects.select_for_update(of=("self",))
        .select_related("task__plan__organization", "task__department")
        .get(pk=occurrence.pk)
    )


def _require_worker(user: User, task: Task) -> None:
    if not scopes.works_on_task(user, task):
        raise PermissionDenied(_("只有本任务责任部门的人员或创建办公室可以执行此操作。"))


def _require_editable(occurrence: Occurrence) -> None:
    if occurrence.status not in EDITABLE:
        raise ValidationError(
            _("“%(state)s”的任务不能再修改材料。") % {"state": occurrence.get_status_display()}
        )


def _require_status(occurrence: Occurrence, *states: str) -> None:
    if occurrence.status not in states:
        raise ValidationError(
            _("任务当前为“%(state)s”，不能执行此操作。")
            % {"state": occurrence.get_status_display()}
        )


def _comment(comment: str, *, required: bool) -> str:
    text = comment.strip()
    if required and not text:
        raise ValidationError(_("请填写意见。"))
    if len(text) > COMMENT_MAX:
        raise ValidationError(_("意见不能超过 %(n)d 个字。") % {"n": COMMENT_MAX})
    return text


def _stored(finding: Finding) -> dict[str, object]:
    """A finding as JSON, in the shape application evidence keeps (one message table)."""
    return {
        "code": finding.code.value,
        "severity": finding.severity.value,
        "field": finding.field,
        "params": dict(finding.params),
    }


def _move(occurrence: Occurrence, target: str) -> None:
    if target not in MOVES[occurrence.status]:
        _require_status(occurrence)  # refuses, naming the current state
    occurrence.status = target


def material_add(
    *,
    acting_user: User,
    occurrence: Occurrence,
    kind: str,
    upload: UploadedFile[bytes],
    activity: str = "",
    captions: dict[str, str] | None = None,
    volunteer: bool = False,
) -> Material:
    """Check a file as application evidence is checked and keep it with its findings.

    A hostile file is refused and nothing is kept; a blocking finding is kept beside the
    file (it stops the submission until the file is replaced)."""
    if kind not in MaterialKind.values:
        raise ValidationError(_("请选择材料类型。"))
    activity = activity.strip()[:200]
    if kind == MaterialKind.PHOTO and not activity:
        raise ValidationError(_("请填写照片所属的活动名称。"))
    if (upload.size or 0) > EVIDENCE_MAX_BYTES:
        raise ValidationError(_("文件超过 20 MB，已拒收。"))
    task = occurrence.task
    plan = task.plan
    rules = evidence_rules_for(plan.award.campaign)
    data = upload.read()
    name = display_name(upload.name or "")
    check_upload(data, name, max_pixels=rules.max_pixels)
    evidence_kind = EVIDENCE_KINDS[MaterialKind(kind)]
    inspected = inspect(data, name, evidence_kind, max_pixels=rules.max_pixels)
    fields = {
        k: str(v).strip()[:200]
        for k, v in (captions or {}).items()
        if k in Captions.__dataclass_fields__ and str(v).strip()
    }
    item = inspected.item(
        captions=Captions(**fields),
        volunteer_activity=volunteer,
        organization_names=(plan.organization.name,),
    )
    findings = [_stored(f) for f in check(item, rules)]
    with transaction.atomic():
        current = _locked(occurrence)
        scopes.require_plan_open(current.task.plan)
        _require_worker(acting_user, current.task)
        _require_editable(current)
        if kind == MaterialKind.PHOTO:
            _require_photo_room(current, activity, rules.photo.max_per_activity)
        material = Material(
            occurrence=current,
            kind=kind,
            activity=activity,
            original_name=name[:255],
            size=len(data),
            content_type=inspected.facts.content_type,
            sha256=hashlib.sha256(data).hexdigest(),
            captions=fields,
            findings=findings,
            blocking=any(f["severity"] == "blocking" for f in findings),
            uploaded_by=acting_user,
        )
        # A random storage key: never the uploader's file name.
        suffix = SUFFIXES.get(material.content_type, ".bin")
        material.file.save(f"{secrets.token_hex(16)}{suffix}", ContentFile(data), save=False)
        material.save()
        audit_record(
            actor=acting_user,
            action="creation.material_add",
            obj=current,
            after={
                "file": material.original_name,
                "kind": kind,
                "activity": activity,
                "sha256": material.sha256,
                "blocking": material.blocking,
            },
        )
    return material


def _require_photo_room(occurrence: Occurrence, activity: str, most: int) -> None:
    photos = occurrence.materials.filter(kind=MaterialKind.PHOTO, activity=activity).count()
    if photos >= most:
        raise ValidationError(
            _("活动“%(activity)s”已有 %(n)d 张照片，每个活动最多 %(n)d 张。")
            % {"activity": activity, "n": most}
        )


def material_remove(*, acting_user: User, material: Material) -> None:
    """Take a file back while the department still works on the occurrence."""
    with transaction.atomic():
        current = _locked(material.occurrence)
        scopes.require_plan_open(current.task.plan)
        _require_worker(acting_user, current.task)
        _require_editable(current)
        audit_record(
            actor=acting_user,
            action="creation.material_remove",
            obj=current,
            before={"file": material.original_name, "sha256": material.sha256},
        )
        name = material.file.name
        storage = material.file.storage
        material.delete()
        if name:
            # The stored file goes once the removal is committed, never before.
            transaction.on_commit(lambda: storage.delete(name))


def below_minimum(occurrence: Occurrence) -> bool:
    """Whether the occurrence has fewer distinct activities than its task asks for."""
    needed = occurrence.task.minimum_count
    if not needed:
        return False
    activities = {
        a.strip() for a in occurrence.materials.values_list("activity", flat=True) if a.strip()
    }
    return len(activities) < needed


def occurrence_submit(*, acting_user: User, occurrence: Occurrence) -> Occurrence:
    """The department hands its material to its leader for signing (提交签批)."""
    with transaction.atomic():
        current = _locked(occurrence)
        scopes.require_plan_open(current.task.plan)
        _require_worker(acting_user, current.task)
        _require_editable(current)
        materials = list(current.materials.all())
        if not materials:
            raise ValidationError(_("还没有上传任何材料，不能提交。"))
        blocked = [m.original_name for m in materials if m.blocking]
        if blocked:
            raise ValidationError(
                _("材料“%(names)s”有必须改正的问题，请替换后再提交。")
                % {"names": "、".join(blocked)}
            )
        _move(current, OccurrenceStatus.SUBMITTED)
        current.submitted_by = acting_user
        current.submitted_at = timezone.now()
        current.save(update_fields=["status", "submitted_by", "submitted_at"])
        audit_record(
            actor=acting_user,
            action="creation.occurrence_submit",
            obj=current,
            after={
                "status": current.status,
                "files": len(materials),
                "below_minimum": below_minimum(current),
            },
        )
    return current


def _require_leader(user: User, task: Task) -> None:
    if not scopes.signs_off(user, task):
        raise PermissionDenied(_("只有责任部门的分管领导可以签批。"))


def occurrence_sign_off(
    *, acting_user: User, occurrence: Occurrence, comment: str = ""
) -> Occurrence:
    """The department's leader signs the material off (签批同意); the 资料提交表 is printed."""
    text = _comment(comment, required=False)
    with transaction.atomic():
        current = _locked(occurrence)
        scopes.require_plan_open(current.task.plan)
        _require_leader(acting_user, current.task)
        _require_status(current, OccurrenceStatus.SUBMITTED)
        _move(current, OccurrenceStatus.SIGNED_OFF)
        current.signed_off_by = acting_user
        current.signed_off_at = timezone.now()
        current.sign_off_comment = text
        current.save(update_fields=["status", "signed_off_by", "signed_off_at", "sign_off_comment"])
        current.sheet.save(sheet_name(current), ContentFile(sheet_pdf(current)), save=False)
        current.save(update_fields=["sheet"])
        audit_record(
            actor=acting_user,
            action="creation.occurrence_sign_off",
            obj=current,
            after={"status": current.status, "comment": text},
        )
    return current


def occurrence_decline(*, acting_user: User, occurrence: Occurrence, comment: str) -> Occurrence:
    """The leader sends the material back to the department (不同意), with a reason."""
    text = _comment(comment, required=True)
    with transaction.atomic():
        current = _locked(occurrence)
        scopes.require_plan_open(current.task.plan)
        _require_leader(acting_user, current.task)
        _require_status(current, OccurrenceStatus.SUBMITTED)
        _move(current, OccurrenceStatus.OPEN)
        current.return_comment = text
        current.save(update_fields=["status", "return_comment"])
        audit_record(
            actor=acting_user,
            action="creation.occurrence_decline",
            obj=current,
            after={"status": current.status, "comment": text},
        )
    return current


def _require_office(user: User, occurrence: Occurrence) -> None:
    if not scopes.runs_plan(user, occurrence.task.plan):
        raise PermissionDenied(_("只有本单位创建办公室可以验收或退回。"))


def occurrence_return(*, acting_user: User, occurrence: Occurrence, comment: str) -> Occurrence:
    """The office sends signed-off material back for changes (退回修改), with a reason."""
    text = _comment(comment, required=True)
    with transaction.atomic():
        current = _locked(occurrence)
        scopes.require_plan_open(current.task.plan)
        _require_office(acting_user, current)
        _require_status(current, OccurrenceStatus.SIGNED_OFF)
        _move(current, OccurrenceStatus.RETURNED)
        current.return_comment = text
        current.decided_by = acting_user
        current.decided_at = timezone.now()
        current.save(update_fields=["status", "return_comment", "decided_by", "decided_at"])
        audit_record(
            actor=acting_user,
            action="creation.occurrence_return",
            obj=current,
            after={"status": current.status, "comment": text},
        )
    return current


@dataclass(frozen=True)
class Transfer:
    """What copying an occurrence's material to the application did."""

    copied: int
    #: Why some material stays on file only ("" when all of it is on the application).
    reason: str = ""


def clause_key_of(task: Task) -> str:
    """The scoring point the task's material counts for on the application."""
    if task.clause_key:
        return task.clause_key
    return task.list_item.clause_key if task.list_item is not None else ""


def occurrence_accept(*, acting_user: User, occurrence: Occurrence) -> Transfer:
    """The office accepts signed-off material (验收通过) and copies it to the application."""
    with transaction.atomic():
        current = _locked(occurrence)
        scopes.require_plan_open(current.task.plan)
        _require_office(acting_user, current)
        _require_status(current, OccurrenceStatus.SIGNED_OFF)
        _move(current, OccurrenceStatus.ACCEPTED)
        current.decided_by = acting_user
        current.decided_at = timezone.now()
        current.save(update_fields=["status", "decided_by", "decided_at"])
        result = _copy(acting_user, current)
        audit_record(
            actor=acting_user,
            action="creation.occurrence_accept",
            obj=current,
            after={"status": current.status, "copied": result.copied, "reason": result.reason},
        )
    return result


def occurrence_transfer(*, acting_user: User, occurrence: Occurrence) -> Transfer:
    """Copy accepted material that could not be copied at acceptance (重新转入申报表)."""
    with transaction.atomic():
        current = _locked(occurrence)
        scopes.require_plan_open(current.task.plan)
        _require_office(acting_user, current)
        _require_status(current, OccurrenceStatus.ACCEPTED)
        result = _copy(acting_user, current)
        audit_record(
            actor=acting_user,
            action="creation.occurrence_transfer",
            obj=current,
            after={"copied": result.copied, "reason": result.reason},
        )
    return result


def _copy(acting_user: User, occurrence: Occurrence) -> Transfer:
    """Copy the accepted occurrence's material not yet on the application, each through
    ``evidence_add`` (its checks, its audit); the first refusal stops and is reported."""
    # The one path from material to the application: refuse anything not accepted here.
    if occurrence.status != OccurrenceStatus.ACCEPTED or occurrence.signed_off_by_id is None:
        raise ValidationError(_("只有经领导签批并验收通过的材料才能转入申报表。"))
    task = occurrence.task
    key = clause_key_of(task)
    pending = list(occurrence.materials.filter(evidence__isnull=True))
    if not pending:
        return Transfer(0)
    if not key:
        return Transfer(0, _("任务没有对应的评分要点，材料留在任务中，未转入申报表。"))
    application = application_of(task.plan)
    if application is None:
        return Transfer(0, _("本单位还没有这一创建目标的申报表，材料留在任务中。"))
    if not copies_to(acting_user, application):
        # evidence_add would refuse anyway; say who can copy it instead of a bare refusal.
        return Transfer(0, str(WAITS_FOR_CONTACT))
    copied = 0
    for material in pending:
        with material.file.open("rb") as stream:
            data = stream.read()
        try:
            with transaction.atomic():
                evidence = evidence_add(
                    acting_user=acting_user,
                    application=application,
                    clause_key=key,
                    kind=EVIDENCE_KINDS[MaterialKind(material.kind)].value,
                    upload=SimpleUploadedFile(material.original_name, data, material.content_type),
                    activity=material.activity,
                    captions=dict(material.captions),
                )
                material.evidence = evidence
                material.save(update_fields=["evidence"])
        except (ValidationError, PermissionDenied) as refusal:
            reason = " ".join(getattr(refusal, "messages", [str(refusal)]))
            return Transfer(copied, _("未能转入申报表：%(reason)s") % {"reason": reason})
        copied += 1
    return Transfer(copied)


def application_of(plan: Plan) -> Application | None:
    """The application of the plan's organization for the plan's award, if it has one."""
    return Application.objects.filter(organization=plan.organization, award=plan.award).first()


def copies_to(user: User, application: Application | None) -> bool:
    """Whether the user may add evidence to the application (the campaigns' own rule)."""
    return application is not None and user.has_perm("campaigns.edit_application", application)


def pending_reason(occurrence: Occurrence) -> str:
    """Why accepted material is still not on the application ("" when nothing waits)."""
    if occurrence.status != OccurrenceStatus.ACCEPTED:
        return ""
    if not occurrence.materials.filter(evidence__isnull=True).exists():
        return ""
    if not clause_key_of(occurrence.task):
        return _("任务没有对应的评分要点，材料留在任务中，未转入申报表。")
    application = application_of(occurrence.task.plan)
    if application is None:
        return _("本单位还没有这一创建目标的申报表，材料留在任务中。")
    if application.status not in APPLICATION_EDITABLE:
        return _("申报表为“%(state)s”，不能再添加材料；申报表可以修改后，可重新转入。") % {
            "state": application.get_status_display()
        }
    return _("部分材料尚未转入申报表，可由本单位申报联系人重新转入。")
