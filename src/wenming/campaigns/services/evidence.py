"""Writes of evidence: a file checked by its content and kept with its findings, and
taken back to be replaced (docs/rules.md#evidence); a photo also with its capture-date
warnings and the photos it reuses (docs/rules.md#photo-trust)."""

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.audit.services import Change, audit_record, audit_record_many
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
from wenming.domain.evidence.photos import (
    BANDS,
    PhotoRef,
    band_probes,
    bands,
    capture_findings,
    creation_window,
    is_reuse,
)
from wenming.domain.frameworks import Framework
from wenming.frameworks.models import Framework as FrameworkRow

from ..evidence_files import InspectedEvidence, inspect
from ..models import Application, Campaign, Evidence
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
    _require_evidence_key(application.award.framework, clause_key)
    # A checklist has no dated bonus windows to check a photo's capture date against.
    framework = (
        None
        if application.award.framework.is_checklist
        else application.award.framework.to_framework()
    )
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
    findings = list(check(item, rules)) + _capture_findings(framework, inspected, item)
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
            findings=[_stored(f) for f in findings],
            blocking=any(f.blocking for f in findings),
            uploaded_by=acting_user,
        )
        _set_phash(evidence, inspected.phash)
        # A random storage key: never the uploader's file name.
        suffix = SUFFIXES.get(evidence.content_type, ".bin")
        evidence.file.save(f"{secrets.token_hex(16)}{suffix}", ContentFile(data), save=False)
        evidence.save()
        reused = reused_photos(evidence)
        evidence.reused_with.set(reused)
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
            }
            | ({"phash": evidence.phash, "reused_with": reused} if reused else {}),
        )
    return evidence


def _stored(finding: Finding) -> dict[str, object]:
    return {
        "code": finding.code.value,
        "severity": finding.severity.value,
        "field": finding.field,
        "params": dict(finding.params),
    }


def _capture_findings(
    framework: Framework | None, inspected: InspectedEvidence, item: EvidenceItem
) -> list[Finding]:
    """A readable photo's capture-date warnings, against its caption's time and the
    creation window: the span of the framework's dated (bonus) windows."""
    if inspected.kind is not EvidenceKind.PHOTO or inspected.facts.defect is not None:
        return []
    bonuses = framework.bonuses if framework is not None else ()
    window = creation_window((b.window_start, b.window_end) for b in bonuses)
    return capture_findings(inspected.facts.captured_on, item.captions.time, window)


def _set_phash(evidence: Evidence, phash: str) -> None:
    if not phash:
        return
    evidence.phash = phash
    (
        evidence.phash_band0,
        evidence.phash_band1,
        evidence.phash_band2,
        evidence.phash_band3,
    ) = bands(phash)


def reused_photos(evidence: Evidence) -> list[int]:
    """The ids of the photos this one reuses (``photos.is_reuse``): the campaign's other
    photos, and the same organization's photos in its other campaigns (an earlier
    edition's photos handed in again). They are found through the indexed bands: a near
    photo shares one band within ``BAND_RADIUS`` bits, so four index lookups bring every
    candidate (about 4 % of the photos), and only those are measured
    (benchmarks/photo_lookup.py)."""
    if not evidence.phash:
        return []
    application = evidence.application
    probes = band_probes(evidence.phash)
    near_band = Q()
    for i in range(BANDS):
        near_band |= Q(**{f"phash_band{i}__in": sorted(probes[i])})
    # The campaign and the organization are compared here, not in SQL: a condition on the
    # joined application leads SQLite's planner away from the band indexes (four to five
    # times slower). The bands alone already bound the rows read, whatever the campaign.
    candidates = (
        Evidence.objects.filter(near_band)
        .exclude(pk=evidence.pk)
        .values_list(
            "pk", "phash", "activity", "application__organization_id", "application__campaign_id"
        )
    )
    mine = PhotoRef(
        evidence.phash, application.organization_id, evidence.activity, application.campaign_id
    )
    return [
        pk
        for pk, phash, activity, organization, campaign in candidates
        if is_reuse(mine, PhotoRef(phash, organization, activity, campaign))
    ]


def _require_evidence_key(row: FrameworkRow, clause_key: str) -> None:
    """Evidence belongs to a scoring point, or to a bonus item as "bonus:<key>" (the
    evidence of a bonus claim, ``services.claims``), or under a checklist to a condition."""
    if row.is_checklist:
        keys = {c.key for c in row.to_checklist().conditions()}
    else:
        framework = row.to_framework()
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


def evidence_hash_backfill(*, acting_user: User, campaign: Campaign) -> int:
    """Hash the campaign's photos kept before hashing existed, and find every photo's
    reuses again (two near photos uploaded at the same moment do not see each other:
    neither is committed yet). Returns how many photos changed; each change is audited."""
    changes = []
    with transaction.atomic():
        photos = list(
            Evidence.objects.filter(application__campaign=campaign, kind=EvidenceKind.PHOTO)
            .select_related("application")
            .order_by("pk")
        )
        for evidence in photos:
            if not evidence.phash and evidence.content_type.startswith("image/"):
                with evidence.file.open("rb") as stream:
                    data = stream.read()
                _set_phash(
                    evidence, inspect(data, evidence.original_name, EvidenceKind.PHOTO).phash
                )
                if evidence.phash:
                    evidence.save(
                        update_fields=[f"phash_band{i}" for i in range(BANDS)] + ["phash"]
                    )
                    changes.append(evidence)
        for evidence in photos:
            before = set(evidence.reused_with.values_list("pk", flat=True))
            found = reused_photos(evidence)
            if set(found) != before:
                evidence.reused_with.set(found)
                changes.append(evidence)
        changed = {e.pk: e for e in changes}
        audit_record_many(
            actor=acting_user,
            changes=[
                Change(
                    "application.evidence_hash",
                    e.application,
                    after={
                        "file": e.original_name,
                        "phash": e.phash,
                        "reused_with": sorted(e.reused_with.values_list("pk", flat=True)),
                    },
                )
                for e in changed.values()
            ],
        )
    return len(changed)
