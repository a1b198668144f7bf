"""Bonus claims (特色加分): the applicant claims each bonus of its award's framework, its
recommending unit confirms or rejects each one (docs/rules.md#bonus).

A claim is an honor title granted to the applicant (its level, granting body, document
number and date) or an experience of its work promoted by the media or a meeting (its
outlet, level, date and a key naming the content: the same experience counts once, at
its highest level). Each carries its evidence, checked by the evidence rules like any
other file (``services.evidence.evidence_add``, under the key ``bonus:<item>``); an honor the
registry already holds is its own evidence. The applicant adds and removes claims while
the application may be edited and the application stage is open; the recommending unit
decides them while the recommendation stage is open. Only confirmed claims reach the
ranking, which applies the caps, the date window and the once-per-content rule.
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record, snapshot
from wenming.domain.frameworks import BonusRule
from wenming.registry.models import Honor

from ..models import (
    Application,
    BonusClaim,
    ClaimKind,
    ClaimStatus,
    Evidence,
    EvidenceKind,
    StageKind,
)
from ..selectors.applications import bonus_evidence_key
from ..selectors.claims import DECIDABLE, bonus_rules, claim_kind, honor_rule
from ..stages import require_stage_open
from .applications import application_editable
from .evidence import evidence_add, evidence_remove

CLAIM_FIELDS = [
    "rule",
    "kind",
    "level",
    "title",
    "granting_body",
    "outlet",
    "document_number",
    "dated",
    "content_key",
    "honor",
    "evidence",
    "status",
    "decision_reason",
]


def _level_text(rule: BonusRule) -> str:
    return "、".join(f"{level.text or level.level}" for level in rule.levels)


def _as_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise ValidationError(
            _("日期“%(value)s”无法识别，请按 2021-05-20 的格式填写。") % {"value": value}
        ) from error


def _check(rule: BonusRule, fields: dict[str, Any], *, from_registry: bool) -> None:
    """Every refusal of a claim's fields at once, in words."""
    errors = []
    kind = claim_kind(rule)
    if not fields["level"]:
        errors.append(_("请选择“%(name)s”的级别。") % {"name": rule.name})
    elif rule.points_for(fields["level"]) is None:
        errors.append(
            _("加分项目“%(name)s”没有“%(level)s”这一级别，可选：%(levels)s。")
            % {"name": rule.name, "level": fields["level"], "levels": _level_text(rule)}
        )
    if not fields["title"]:
        errors.append(
            _("请填写荣誉称号的名称。") if kind == ClaimKind.HONOR else _("请填写推介的创建经验。")
        )
    if fields["dated"] is None:
        errors.append(
            _("请填写授予荣誉的发文日期（加分以发文时间为准）。")
            if kind == ClaimKind.HONOR
            else _("请填写推介或交流发言的日期（加分以发文时间为准）。")
        )
    if kind == ClaimKind.HONOR and not fields["granting_body"] and not from_registry:
        errors.append(_("请填写授予荣誉的机关。"))
    if kind == ClaimKind.EXPERIENCE and not fields["outlet"]:
        errors.append(_("请填写推介的媒体或交流发言的会议。"))
    if rule.once_per_content and not fields["content_key"]:
        errors.append(
            _("“%(name)s”同一内容只按最高分加一次：请填写经验内容，同一经验请用同一名称。")
            % {"name": rule.name}
        )
    if errors:
        raise ValidationError(errors)


def bonus_claim_add(
    *,
    acting_user: User,
    application: Application,
    rule: str = "",
    level: str = "",
    title: str = "",
    dated: date | str | None = None,
    granting_body: str = "",
    outlet: str = "",
    document_number: str = "",
    content_key: str = "",
    honor: Honor | None = None,
    upload: UploadedFile[bytes] | None = None,
    evidence_kind: str = "",
) -> BonusClaim:
    """Claim a bonus, with its evidence; or, given ``honor``, claim an honor the registry
    already holds for the organization (its record is the evidence)."""
    rules = bonus_rules(application)
    if honor is not None:
        found = _honor_item(rules, rule, honor, application)
        rule, level, title = found.key, honor.level, honor.name
        dated, granting_body = honor.granted_on, honor.granting_body
        document_number = honor.document_number
    bonus = rules.get(rule)
    if bonus is None:
        raise ValidationError(
            _("测评体系“%(framework)s”中没有加分项目“%(rule)s”。")
            % {"framework": application.award.framework.name, "rule": rule}
        )
    kind = claim_kind(bonus)
    fields = {
        "level": level.strip(),
        "title": title.strip(),
        "dated": _as_date(dated),
        "granting_body": granting_body.strip() if kind == ClaimKind.HONOR else "",
        "outlet": outlet.strip() if kind == ClaimKind.EXPERIENCE else "",
        "document_number": document_number.strip(),
        "content_key": content_key.strip() if bonus.once_per_content else "",
    }
    _check(bonus, fields, from_registry=honor is not None)
    if honor is None and upload is None:
        raise ValidationError(
            _("请上传佐证材料：荣誉的授予文件，或推介报道的截图、会议材料。")
            if kind == ClaimKind.HONOR
            else _("请上传佐证材料：推介报道的截图，或交流发言的会议材料。")
        )
    with transaction.atomic():
        current = Application.objects.select_for_update().get(pk=application.pk)
        application_editable(acting_user, current)
        if honor is not None and current.bonus_claims.filter(honor=honor).exists():
            raise ValidationError(_("“%(title)s”已经申报过加分。") % {"title": honor.name})
        evidence = None
        if upload is not None:
            evidence = _claim_evidence(acting_user, current, bonus, upload, evidence_kind)
        claim = BonusClaim.objects.create(
            application=current,
            rule=bonus.key,
            kind=kind,
            honor=honor,
            evidence=evidence,
            created_by=acting_user,
            **fields,
        )
        audit_record(
            actor=acting_user,
            action="application.bonus_claim",
            obj=current,
            after=_claim_snapshot(claim),
        )
    return claim


def _honor_item(
    rules: dict[str, BonusRule], rule: str, honor: Honor, application: Application
) -> BonusRule:
    """The bonus item a registry honor is claimed under: the one named, or the first
    honor item with its level. The honor must be the applicant's own."""
    if honor.organization_id != application.organization_id:
        raise ValidationError(_("该荣誉不属于本申报单位。"))
    found = rules.get(rule) if rule else honor_rule(rules, honor)
    if found is None:
        raise ValidationError(
            _("测评体系中没有可计入“%(title)s”的荣誉加分项目。") % {"title": honor.name}
        )
    return found


def _claim_evidence(
    acting_user: User,
    application: Application,
    bonus: BonusRule,
    upload: UploadedFile[bytes],
    evidence_kind: str,
) -> Evidence:
    """The claim's evidence file, checked like any other under ``bonus:<item>``; its kind
    is the granting document for an honor, a media screenshot for an experience, unless
    the applicant chose one."""
    default = (
        EvidenceKind.OFFICIAL_DOCUMENT
        if claim_kind(bonus) == ClaimKind.HONOR
        else EvidenceKind.MEDIA_SCREENSHOT
    )
    return evidence_add(
        acting_user=acting_user,
        application=application,
        clause_key=bonus_evidence_key(bonus.key),
        kind=evidence_kind or default,
        upload=upload,
    )


def _claim_snapshot(claim: BonusClaim) -> dict[str, Any]:
    """The claim's fields for the application's audit event. Keys that would read as the
    application's own fields (its status, its evidence) are renamed."""
    data = snapshot(claim, CLAIM_FIELDS)
    renamed = {"status": "claim_status", "evidence": "evidence_id", "honor": "honor_id"}
    return {renamed.get(k, k): v for k, v in data.items()} | {"claim": claim.pk}


def bonus_claim_remove(*, acting_user: User, claim: BonusClaim) -> None:
    """Take a claim back, with its evidence file, while the application may be edited."""
    with transaction.atomic():
        current = Application.objects.select_for_update().get(pk=claim.application_id)
        application_editable(acting_user, current)
        before = _claim_snapshot(claim)
        evidence = claim.evidence
        claim.delete()
        if evidence is not None:
            evidence_remove(acting_user=acting_user, evidence=evidence)
        audit_record(
            actor=acting_user, action="application.bonus_claim_remove", obj=current, before=before
        )


def bonus_claim_decide(
    *, acting_user: User, claim: BonusClaim, confirm: bool, reason: str = ""
) -> BonusClaim:
    """The recommending unit confirms a claim, or rejects it with its reason, while the
    recommendation stage is open. A decision may be changed while the stage is open."""
    application = claim.application
    require_perm(acting_user, "campaigns.review_application", application)
    if not confirm and not reason.strip():
        raise ValidationError(_("不予认定必须说明理由。"))
    with transaction.atomic():
        current = Application.objects.select_for_update().get(pk=application.pk)
        if current.status not in DECIDABLE:
            raise ValidationError(
                _("“%(state)s”状态的申报不能认定加分。") % {"state": current.get_status_display()}
            )
        require_stage_open(current.campaign, StageKind.RECOMMENDATION)
        locked = BonusClaim.objects.select_for_update().get(pk=claim.pk)
        before = _claim_snapshot(locked)
        locked.status = ClaimStatus.CONFIRMED if confirm else ClaimStatus.REJECTED
        locked.decision_reason = reason.strip()
        locked.decided_by = acting_user
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
        audit_record(
            actor=acting_user,
            action="application.bonus_claim_decide",
            obj=current,
            before=before,
            after=_claim_snapshot(locked),
        )
    return locked
