"""Writes for periodic reviews: each a transaction with its permission check and audit event.

Assessment groups and visits are in ``services.groups``; supervision items, reminders and
bulletins in ``services.items``; the downgrade of a title in ``services.titles``; the
duty-roster workbook in ``wenming.supervision.rostering``.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record, snapshot
from wenming.domain.frameworks import CompositeFramework
from wenming.domain.frameworks import (
    Framework as DomainFramework,
)
from wenming.domain.review import ReviewError, classify, self_assessment_due, self_assessment_total
from wenming.domain.titles import Level
from wenming.frameworks.models import Framework
from wenming.registry.models import Organization, Region
from wenming.visits.models import Group

from ..models import DutyRecord, Ranking, Review, ReviewEntry, SelfAssessment
from ..scoring import breakdown_json, compose, parse_inputs
from ..selectors import composite_of, highest_title, roster_counts, roster_kinds

REVIEW_FIELDS = [
    "name",
    "kind",
    "ranking",
    "office",
    "framework",
    "period_start",
    "period_end",
    "fund",
    "bottom_n",
    "top_n",
    "top_share",
    "grade_weights",
]
ENTRY_FIELDS = ["organization", "applying_for", "review_class", "group", "visited_on", "total"]


def review_create(
    *,
    acting_user: User,
    name: str,
    kind: str,
    office: Region,
    framework: Framework,
    period_start: date,
    period_end: date,
    ranking: str = Ranking.BY_CLASS,
    fund: Decimal | None = None,
    bottom_n: int = 20,
    top_n: int = 3,
    top_share: Decimal = Decimal("0.2"),
    grade_weights: dict[str, str] | None = None,
) -> Review:
    require_perm(acting_user, "supervision.run_office", office)
    if not isinstance(framework.to_domain(), CompositeFramework) or not framework.is_frozen:
        raise ValidationError(_("考核须使用已启用的综合考评体系。"))
    if period_end < period_start:
        raise ValidationError(_("考核期结束日期早于开始日期。"))
    review = Review(
        name=name,
        kind=kind,
        ranking=ranking,
        office=office,
        framework=framework,
        period_start=period_start,
        period_end=period_end,
        fund=fund,
        bottom_n=bottom_n,
        top_n=top_n,
        top_share=top_share,
        grade_weights=grade_weights or {},
        created_by=acting_user,
    )
    review.full_clean()
    with transaction.atomic():
        review.save()
        audit_record(
            actor=acting_user,
            action="review.create",
            obj=review,
            after=snapshot(review, REVIEW_FIELDS),
        )
    return review


def entry_add(
    *,
    acting_user: User,
    review: Review,
    organization: Organization,
    applying_for: str = "",
    group: Group | None = None,
    visited_on: date | None = None,
) -> ReviewEntry:
    """Put an organization in a review; in a review ranked by class, its class is derived
    from its highest active title and what it applies for this year."""
    require_perm(acting_user, "supervision.manage_review", review)
    require_perm(acting_user, "registry.view_organization", organization)
    review_class = ""
    if review.ranking == Ranking.BY_CLASS:
        try:
            review_class = classify(
                highest_title(organization, review.framework),
                Level(applying_for) if applying_for else None,
            ).value
        except ReviewError as error:
            if error.code == "not_titled":
                raise ValidationError(
                    _("%(org)s 没有有效的文明称号，不能参加分类排名。") % {"org": organization}
                ) from error
            raise ValidationError(_("申报级别须高于已有称号。")) from error
    entry = ReviewEntry(
        review=review,
        organization=organization,
        applying_for=applying_for,
        review_class=review_class,
        group=group,
        visited_on=visited_on,
    )
    try:
        with transaction.atomic():
            entry.save()
            audit_record(
                actor=acting_user,
                action="review.entry_add",
                obj=review,
                after=snapshot(entry, ENTRY_FIELDS),
            )
    except IntegrityError as error:
        raise ValidationError(_("%(org)s 已在本次考核中。") % {"org": organization}) from error
    return entry


def _recompute(entry: ReviewEntry, composite: CompositeFramework) -> None:
    breakdown = compose(composite, entry.inputs, roster_counts(entry))
    entry.total = breakdown.total if breakdown else None
    entry.grade = breakdown.grade if breakdown else ""
    entry.breakdown = breakdown_json(breakdown) if breakdown else {}


def entry_score(
    *,
    acting_user: User,
    entry: ReviewEntry,
    inputs: dict[str, Any],
    strengths: str | None = None,
    problems: str | None = None,
) -> ReviewEntry:
    """Save the entered component scores and recompute the composite total."""
    require_perm(acting_user, "supervision.manage_review", entry.review)
    composite = composite_of(entry.review)
    values = parse_inputs(composite, inputs)
    with transaction.atomic():
        current = ReviewEntry.objects.select_for_update().get(pk=entry.pk)
        before = {"inputs": current.inputs, "total": current.total}
        current.inputs = values
        if strengths is not None:
            current.strengths = strengths
        if problems is not None:
            current.problems = problems
        _recompute(current, composite)
        current.save()
        audit_record(
            actor=acting_user,
            action="review.entry_score",
            obj=current.review,
            before=before | {"organization": current.organization_id},
            after={"inputs": values, "total": current.total, "grade": current.grade},
        )
    return current


def recompute_for(review: Review, organization_ids: set[int]) -> None:
    """Recompute the entries whose duty records changed (inside the caller's transaction)."""
    composite = composite_of(review)
    entries = ReviewEntry.objects.filter(review=review, organization_id__in=organization_ids)
    for entry in entries.select_for_update():
        _recompute(entry, composite)
        entry.save(update_fields=["total", "grade", "breakdown"])


def duty_record_add(
    *,
    acting_user: User,
    review: Review,
    organization: Organization,
    on: date,
    kind: str,
    note: str = "",
) -> DutyRecord:
    require_perm(acting_user, "supervision.manage_review", review)
    kinds = roster_kinds(review)
    if kind not in kinds:
        raise ValidationError(_("“%(kind)s”不是本考核的值勤情况。") % {"kind": kind})
    if not review.period_start <= on <= review.period_end:
        raise ValidationError(_("日期不在考核期内。"))
    if not ReviewEntry.objects.filter(review=review, organization=organization).exists():
        raise ValidationError(_("%(org)s 不在本次考核中。") % {"org": organization})
    record = DutyRecord(
        review=review,
        organization=organization,
        on=on,
        kind=kind,
        note=note,
        created_by=acting_user,
    )
    record.full_clean()
    with transaction.atomic():
        record.save()
        recompute_for(review, {organization.pk})
        audit_record(
            actor=acting_user,
            action="review.duty_record_add",
            obj=review,
            after={"organization": organization.pk, "on": on, "kind": kind, "note": note},
        )
    return record


def self_assessment_report(
    *,
    acting_user: User,
    organization: Organization,
    framework: Framework,
    year: int,
    half: int,
    scores: dict[int, Decimal],
    summary: str = "",
    now: Any = None,
) -> SelfAssessment:
    """A titled unit reports its half-yearly self-assessment, item by item, to the office."""
    require_perm(acting_user, "supervision.self_assess", organization)
    domain = framework.to_domain()
    if not isinstance(domain, DomainFramework):
        raise ValidationError(_("自测自评须使用测评细则。"))
    maximums = {item.number: item.points for item in domain.items}
    try:
        total = self_assessment_total(maximums, scores)
    except ReviewError as error:
        item = error.params.get("item")
        raise ValidationError(
            _("第%(item)s项的自评得分应在 0 到该项分值之间。") % {"item": item}
        ) from error
    report = SelfAssessment(
        organization=organization,
        framework=framework,
        year=year,
        half=half,
        due_on=self_assessment_due(year, half),
        scores={str(k): str(v) for k, v in scores.items()},
        total=total,
        summary=summary,
        reported_at=now or timezone.now(),
        reported_by=acting_user,
    )
    try:
        with transaction.atomic():
            report.save()
            audit_record(
                actor=acting_user,
                action="self_assessment.report",
                obj=organization,
                after={"year": year, "half": half, "total": total, "scores": report.scores},
            )
    except IntegrityError as error:
        raise ValidationError(_("本半年的自测自评已报送。")) from error
    return report
