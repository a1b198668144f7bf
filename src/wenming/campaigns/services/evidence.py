"""Writes of evidence: a file checked by its content and kept with its findings, and
taken back to be replaced (docs/rules.md#evidence)."""

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.audit.services import audit_record
from wenming.documents.safety import check_upload, display_name
from wenming.domain.evidence import (
    Captions,
    EvidenceItem,
    EvidenceKind,
    EvidenceRules,
    Finding,
    check,
    check_activity,
)
from wenming.domain.frameworks import Framework

from ..evidence_files import inspect
from ..models import Application, Evidence
from ..selectors.applications import bonus_evidence_key, evidence_rules_for
from .applications import application_editable

#: Larger uploads are refused before they are read: no evidence rule allows more than 2 MB.
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
#: The stored file's suffix by its content type (the storage key never uses the uploader's name).
SUFFIXES = {"image/jpeg": ".jpg", "application/pdf": ".pdf", "image/png": ".png"}


def evidence_add(
    *,
    acting_user: User,
    application: Application,
    clause_key: str,
    kind: str,
    upload: UploadedFile[bytes],
    activity: str = "",
    captions: dict[str, str] | None = None,
) -> Evidence:
    """Check an evidence file by its content and keep it with its findings.

    A file with a blocking finding is kept (so the applicant sees why beside it) but it
    blocks submission until it is replaced; warnings are for the reviewer to judge.
    """
    _require_evidence_key(application.award.framework.to_framework(), clause_key)
    if (upload.size or 0) > EVIDENCE_MAX_BYTES:
        raise ValidationError(_("文件超过 20 MB，已拒收。"))
    data = upload.read()
    name = display_name(upload.name or "")
    rules = evidence_rules_for(application.campaign)
    # A hostile file (content unlike its name, a pixel flood, a PDF that is truncated,
    # encrypted or scripted, a zip bomb) is refused here: nothing is stored or audited.
    check_upload(data, name, max_pixels=rules.max_pixels)
    inspected = inspect(data, name, EvidenceKind(kind), max_pixels=rules.max_pixels)
    fields = {k: v for k, v in (captions or {}).items() if k in Captions.__dataclass_fields__}
    item = inspected.item(
        captions=Captions(**fields), organization_names=(application.organization.name,)
    )
    findings = list(check(item, rules))
    with transaction.atomic():
        current = Application.objects.select_for_update().get(pk=application.pk)
        application_editable(acting_user, current)
        if kind == EvidenceKind.PHOTO and activity:
            findings += _activity_findings(current, item, activity, rules)
        evidence = Evidence(
            application=current,
            clause_key=clause_key,
            kind=kind,
            activity=activity.strip(),
            original_name=name[:255],
            size=len(data),
            content_type=inspected.facts.content_type,
            sha256=hashlib.sha256(data).hexdigest(),
            captions=fields,
            findings=[
                {
                    "code": f.code.value,
                    "severity": f.severity.value,
                    "field": f.field,
                    "params": dict(f.params),
                }
                for f in findings
            ],
            blocking=any(f.blocking for f in findings),
            uploaded_by=acting_user,
        )
        # A random storage key: never the uploader's file name.
        suffix = SUFFIXES.get(evidence.content_type, ".bin")
        evidence.file.save(f"{secrets.token_hex(16)}{suffix}", ContentFile(data), save=False)
        evidence.save()
        audit_record(
            actor=acting_user,
            action="application.evidence",
            obj=current,
            after={
                "clause": clause_key,
                "kind": kind,
                "file": evidence.original_name,
                "sha256": evidence.sha256,
                "blocking": evidence.blocking,
            },
        )
    return evidence


def _require_evidence_key(framework: Framework, clause_key: str) -> None:
    """Evidence belongs to a scoring point, or to a bonus item as "bonus:<key>" (the
    evidence of a bonus claim, ``services.claims``)."""
    keys = {c.key for criterion in framework.criteria() for c in criterion.clauses}
    keys |= {bonus_evidence_key(b.key) for b in framework.bonuses}
    if clause_key not in keys:
        raise ValidationError(_("测评体系中没有评分要点“%(key)s”。") % {"key": clause_key})


def _activity_findings(
    application: Application, item: EvidenceItem, activity: str, rules: EvidenceRules
) -> list[Finding]:
    """The findings on an activity's photos so far plus this one: 1 to 3 per activity."""
    photos = application.evidence.filter(kind=EvidenceKind.PHOTO, activity=activity).count() + 1
    siblings = [item] * photos
    return [f for f in check_activity(siblings, rules) if photos > 1]


def evidence_remove(*, acting_user: User, evidence: Evidence) -> None:
    """Take an evidence file back (to replace a refused one), while the form is editable."""
    with transaction.atomic():
        current = Application.objects.select_for_update().get(pk=evidence.application_id)
        application_editable(acting_user, current)
        audit_record(
            actor=acting_user,
            action="application.evidence_remove",
            obj=current,
            before={
                "clause": evidence.clause_key,
                "file": evidence.original_name,
                "sha256": evidence.sha256,
            },
        )
        name = evidence.file.name
        evidence.delete()
        if name:
            # The stored file goes once the removal is committed, never before.
            transaction.on_commit(lambda: evidence.file.storage.delete(name))
