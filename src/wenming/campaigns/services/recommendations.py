"""Writes of recommendation: a recommending unit's decision for an award (recommended in
order within the quota, alternates in order, the rest not recommended), its stamped
report, and the city's hand-off of its approved list to the province's campaign.
Recommendation is one mechanism at every level (docs/rules.md#quota, #to-province)."""

import hashlib
import secrets
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record
from wenming.documents.safety import check_pdf
from wenming.domain.application_states import Action, State
from wenming.registry.models import Body, Region

from ..models import (
    Application,
    Award,
    Campaign,
    ExceptionalStatus,
    Quota,
    Recommendation,
    SelfMark,
    StageKind,
)
from ..selectors.applications import holds_place
from ..stages import require_stage_open
from .applications import application_move

#: A recommending unit as query filters: a county office (``region``) or a body.
Unit = dict[str, Region | Body | None]

#: The status each decision leads to; deciding again what was already decided only
#: updates the rank.
DECIDED_STATE = {
    Action.RECOMMEND: State.RECOMMENDED,
    Action.KEEP_AS_ALTERNATE: State.ALTERNATE,
    Action.NOT_RECOMMEND: State.REJECTED,
}


def recommend(
    *,
    acting_user: User,
    award: Award,
    recommended: Sequence[Application],
    alternates: Sequence[Application] = (),
    not_recommended: Sequence[Application] = (),
    region: Region | None = None,
    body: Body | None = None,
) -> list[Application]:
    """A recommending unit's decision for one award: the recommended in order (within the
    quota), the alternates in order, and the rest not recommended."""
    campaign = award.campaign
    unit: Unit = {"region": region, "body": body}
    require_perm(acting_user, "campaigns.recommend", region or body)
    with transaction.atomic():
        require_stage_open(campaign, StageKind.RECOMMENDATION)
        ids = [a.pk for a in (*recommended, *alternates, *not_recommended)]
        _check_places(award, unit, ids, len(recommended))
        if len(ids) != len(set(ids)):
            raise ValidationError(_("同一申报不能既推荐又列为备选。"))
        rows = {
            a.pk: a
            for a in Application.objects.select_for_update()
            .filter(pk__in=ids)
            .select_related("organization", "award")
        }
        order_before = _recommendation_order(award, unit)
        changed = [
            *_decide(acting_user, award, unit, rows, recommended, Action.RECOMMEND),
            *_decide(acting_user, award, unit, rows, alternates, Action.KEEP_AS_ALTERNATE),
            *_decide(acting_user, award, unit, rows, not_recommended, Action.NOT_RECOMMEND),
        ]
        order_after = _recommendation_order(award, unit)
        if order_after != order_before:
            # The order decides which alternate is promoted: changing it is audited.
            audit_record(
                actor=acting_user,
                action="recommendation.order",
                obj=campaign,
                before={"award": award.pk, "unit": str(region or body)} | order_before,
                after={"award": award.pk, "unit": str(region or body)} | order_after,
            )
    return changed


def _check_places(award: Award, unit: Unit, decided: list[int], recommending: int) -> None:
    """Refuse a decision that recommends more than the unit's quota allows."""
    # The quota row's lock makes two colleagues' decisions for one unit take turns.
    quota = Quota.objects.select_for_update().filter(award=award, **unit).first()
    places = quota.places if quota else 0
    # Recommended earlier and not decided again now: they keep their places, and so
    # do those that moved on or left after recommendation (``holds_place``).
    kept = (
        Application.objects.filter(holds_place(), award=award, **unit)
        .exclude(pk__in=decided)
        .count()
    )
    if kept + recommending > places:
        raise ValidationError(
            _("推荐 %(n)d 个，超出名额 %(places)d 个。")
            % {"n": kept + recommending, "places": places}
        )


def _decide(
    user: User,
    award: Award,
    unit: Unit,
    rows: dict[int, Application],
    decided: Sequence[Application],
    action: Action,
) -> list[Application]:
    """Take one decision on each application of ``decided``, ranked in its order (the
    not recommended lose their rank)."""
    ranked = action != Action.NOT_RECOMMEND
    done = []
    for rank, application in enumerate(decided, start=1):
        current = rows[application.pk]
        _check_unit(user, current, award, unit)
        if action == Action.RECOMMEND and current.exceptional in (
            ExceptionalStatus.PENDING,
            ExceptionalStatus.REFUSED,
        ):
            raise ValidationError(
                _("%(name)s 是未获批准的破格申报，不能推荐。") % {"name": current.organization.name}
            )
        if current.status != DECIDED_STATE[action]:
            application_move(
                acting_user=user,
                applications=current,
                action=action,
                rank=rank if ranked else None,
            )
        elif ranked and current.rank != rank:
            current.rank = rank
            current.save(update_fields=["rank"])
        done.append(current)
    return done


def _recommendation_order(award: Award, unit: Unit) -> dict[str, list[dict[str, Any]]]:
    """A unit's list for an award as it stands: the recommended and the alternates, each
    in order, by id and name."""
    rows = (
        Application.objects.filter(
            award=award, status__in=(State.RECOMMENDED, State.ALTERNATE), **unit
        )
        .order_by("rank", "id")
        .values_list("pk", "organization__name", "status")
    )
    order: dict[str, list[dict[str, Any]]] = {"recommended": [], "alternates": []}
    for pk, name, status in rows:
        key = "recommended" if status == State.RECOMMENDED else "alternates"
        order[key].append({"id": pk, "name": name})
    return order


def _check_unit(user: User, application: Application, award: Award, unit: Unit) -> None:
    require_perm(user, "campaigns.review_application", application)
    if application.award_id != award.pk or (
        application.region_id != (unit["region"].pk if unit["region"] else None)
        or application.body_id != (unit["body"].pk if unit["body"] else None)
    ):
        raise ValidationError(
            _("%(name)s 不属于本单位本项目的申报。") % {"name": application.organization.name}
        )


def recommendation_submit(
    *,
    acting_user: User,
    campaign: Campaign,
    responsible_person: str,
    stamped_pdf: UploadedFile[bytes],
    region: Region | None = None,
    body: Body | None = None,
) -> Recommendation:
    """Record the stamped recommendation report and the person responsible (谁推荐、谁负责)."""
    require_perm(acting_user, "campaigns.recommend", region or body)
    if not responsible_person.strip():
        raise ValidationError(_("必须填写推荐责任人。"))
    head = stamped_pdf.read(5)
    stamped_pdf.seek(0)
    if head != b"%PDF-":
        raise ValidationError(_("盖章推荐报告必须是 PDF 文件。"))
    # Truncated, encrypted or scripted PDFs are refused by the one upload check.
    check_pdf(stamped_pdf.read())
    stamped_pdf.seek(0)
    digest = hashlib.sha256()
    for chunk in stamped_pdf.chunks():
        digest.update(chunk)
    stamped_pdf.seek(0)
    with transaction.atomic():
        require_stage_open(campaign, StageKind.RECOMMENDATION)
        recommendation, _created = Recommendation.objects.select_for_update().get_or_create(
            campaign=campaign,
            region=region,
            body=body,
            defaults={"responsible_person": responsible_person, "responsible_user": acting_user},
        )
        recommendation.responsible_person = responsible_person.strip()
        recommendation.responsible_user = acting_user
        recommendation.submitted_at = timezone.now()
        recommendation.stamped_sha256 = digest.hexdigest()
        recommendation.stamped_file.save(f"{secrets.token_hex(16)}.pdf", stamped_pdf, save=False)
        recommendation.save()
        audit_record(
            actor=acting_user,
            action="recommendation.submit",
            obj=campaign,
            after={
                "unit": str(region or body),
                "responsible_person": recommendation.responsible_person,
                "sha256": recommendation.stamped_sha256,
            },
        )
    return recommendation


def recommendation_to_parent(*, acting_user: User, campaign: Campaign) -> list[Application]:
    """Submit the city's approved list for the province's awards to the province's campaign.

    The city office is the recommending unit there, as a county office is in the city's
    campaign: its approved applications for the awards the province offers become the
    province's applications, recommended in the city's order within the city's quota, the
    rest kept as alternates. Recommendation is one mechanism at every level.
    """
    parent = campaign.parent
    if parent is None:
        raise ValidationError(_("本届次没有上级届次。"))
    require_perm(acting_user, "campaigns.manage_campaign", campaign)
    with transaction.atomic():
        require_stage_open(parent, StageKind.RECOMMENDATION)
        by_award = _submit_to_parent(acting_user, campaign, parent)
        decided: list[Application] = []
        for award_pk, targets in by_award.items():
            award = Award.objects.get(pk=award_pk)
            quota = Quota.objects.filter(award=award, region=campaign.office).first()
            places = quota.places if quota else 0
            decided += recommend(
                acting_user=acting_user,
                award=award,
                recommended=targets[:places],
                alternates=targets[places:],
                region=campaign.office,
            )
        audit_record(
            actor=acting_user,
            action="campaign.submit_to_parent",
            obj=campaign,
            after={"parent": parent.pk, "applications": [a.pk for a in decided]},
        )
    return decided


def _submit_to_parent(
    acting_user: User, campaign: Campaign, parent: Campaign
) -> dict[int, list[Application]]:
    """The province's applications made from the city's approved ones, by the province's
    award, in the city's order. A municipal award has none: the city names it itself."""
    parent_awards = {(a.category, a.level, a.model): a for a in parent.awards.all()}
    approved = (
        Application.objects.filter(campaign=campaign, status=State.APPROVED)
        .select_related("award", "organization")
        .order_by("award_id", "rank", "id")
    )
    by_award: dict[int, list[Application]] = {}
    for source in approved:
        award = parent_awards.get((source.award.category, source.award.level, source.award.model))
        if award is not None:
            target = _parent_application(acting_user, campaign, parent, source, award)
            by_award.setdefault(award.pk, []).append(target)
    return by_award


def _parent_application(
    acting_user: User, campaign: Campaign, parent: Campaign, source: Application, award: Award
) -> Application:
    """The province's application for ``source``: made once, with its form and self marks,
    and submitted by the city on the organization's behalf."""
    target, created = Application.objects.get_or_create(
        campaign=parent,
        award=award,
        organization=source.organization,
        defaults={
            "status": State.DRAFT,
            "region": campaign.office,
            "eligibility": source.eligibility,
            "form": source.form,
            "created_by": acting_user,
        },
    )
    if created:
        SelfMark.objects.bulk_create(
            SelfMark(
                application=target,
                clause_key=m.clause_key,
                points=m.points,
                narrative=m.narrative,
            )
            for m in source.self_marks.all()
        )
        audit_record(
            actor=acting_user,
            action="application.submit_to_parent",
            obj=target,
            after={"from_campaign": campaign.pk, "from_application": source.pk},
        )
        # The city submits it on the organization's behalf, through the machine.
        application_move(
            acting_user=acting_user,
            applications=target,
            action=Action.SUBMIT,
            submitted_at=timezone.now(),
        )
    return target
