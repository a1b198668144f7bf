"""Writes that plan a campaign: create an edition with its stages and awards, copy one
into the next edition, set its sampling floors, and give an award another framework
version (always one of the award's own category, ``award_frameworks``)."""

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record
from wenming.domain.application_states import State
from wenming.domain.floors import DEFAULT_SAMPLING_FLOORS
from wenming.domain.stage_gates import missing_stages
from wenming.frameworks.models import Framework
from wenming.registry.models import Region

from ..award_frameworks import award_fields, require_framework_fits
from ..models import Award, Campaign, Quota, Stage, StageKind


def campaign_create(
    *,
    acting_user: User,
    name: str,
    edition: int,
    office: Region,
    eligibility_table: dict[str, Any],
    stages: dict[str, tuple[datetime, datetime]],
    awards: Sequence[dict[str, Any]],
    publicity_days: int = 5,
    parent: Campaign | None = None,
    copied_from: Campaign | None = None,
) -> Campaign:
    require_perm(acting_user, "campaigns.create_campaign", office)
    missing = missing_stages(set(stages))
    if missing:
        raise ValidationError(
            _("届次计划缺少以下阶段：%(stages)s。每一届都须设置全部阶段的起止时间。")
            % {"stages": "、".join(str(StageKind(kind.value).label) for kind in missing)},
            code="stage_missing",
        )
    # Every award's framework is checked before anything is written (nothing half-saved).
    checked = [award_fields(data) for data in awards]
    with transaction.atomic():
        campaign = Campaign(
            name=name,
            edition=edition,
            office=office,
            eligibility_table=eligibility_table,
            publicity_days=publicity_days,
            parent=parent,
            copied_from=copied_from,
        )
        campaign.full_clean()
        campaign.save()
        for kind, (opens, closes) in stages.items():
            stage = Stage(campaign=campaign, kind=kind, opens_at=opens, closes_at=closes)
            stage.full_clean(exclude=["campaign"])
            stage.save()
        for data in checked:
            Award.objects.create(campaign=campaign, **data)
        audit_record(
            actor=acting_user,
            action="campaign.create",
            obj=campaign,
            after={
                "name": name,
                "edition": edition,
                "office": office.code,
                "awards": [
                    {k: (v.pk if hasattr(v, "pk") else v) for k, v in a.items()} for a in checked
                ],
                "stages": {k: [o.isoformat(), c.isoformat()] for k, (o, c) in stages.items()},
            },
        )
    return campaign


def campaign_copy(
    *, acting_user: User, campaign: Campaign, edition: int, name: str, shift: timedelta
) -> Campaign:
    """Start the next edition from this one: the same awards (and framework versions),
    quotas and rules (eligibility, sampling floors, city weights and shares), the
    timeline moved by ``shift``; lookback windows count from the new edition."""
    table = _shift_editions(campaign.eligibility_table, edition - campaign.edition)
    table["edition"] = edition
    new = campaign_create(
        acting_user=acting_user,
        name=name,
        edition=edition,
        office=campaign.office,
        eligibility_table=table,
        stages={s.kind: (s.opens_at + shift, s.closes_at + shift) for s in campaign.stages.all()},
        awards=[
            {
                "category": a.category,
                "level": a.level,
                "model": a.model,
                "framework": a.framework,
                "assessment": a.assessment,
            }
            for a in campaign.awards.select_related("framework")
        ],
        publicity_days=campaign.publicity_days,
        parent=None,
        copied_from=campaign,
    )
    awards = {(a.category, a.level, a.model): a for a in new.awards.all()}
    with transaction.atomic():
        # The campaign's rules of assessment go on with it, as its eligibility rules do.
        new.sampling_floors = dict(campaign.sampling_floors)
        new.city_weights = dict(campaign.city_weights)
        new.city_named, new.city_nominated = campaign.city_named, campaign.city_nominated
        new.save(update_fields=["sampling_floors", "city_weights", "city_named", "city_nominated"])
        for quota in Quota.objects.filter(award__campaign=campaign).select_related("award"):
            award = awards[(quota.award.category, quota.award.level, quota.award.model)]
            Quota.objects.create(
                award=award, region=quota.region, body=quota.body, places=quota.places
            )
    return new


def campaign_floors_set(
    *, acting_user: User, campaign: Campaign, floors: Mapping[str, Decimal]
) -> Campaign:
    """Set the campaign's sampling floors (docs/rules.md#sampling): the lowest ratio a
    province on-site round may sample each category at, and the city's re-check. Rounds
    are checked against them when their ratios are set and their list is published."""
    require_perm(acting_user, "campaigns.manage_campaign", campaign)
    unknown = set(floors) - set(DEFAULT_SAMPLING_FLOORS)
    if unknown:
        raise ValidationError(
            _("未知的抽查比例下限：%(keys)s。") % {"keys": "、".join(sorted(unknown))}
        )
    for value in floors.values():
        if not Decimal(0) <= value <= Decimal(1):
            raise ValidationError(_("抽查比例下限须在 0 到 100 之间（百分数）。"))
    with transaction.atomic():
        current = Campaign.objects.select_for_update().get(pk=campaign.pk)
        before = dict(current.sampling_floors)
        current.sampling_floors = before | {key: str(value) for key, value in floors.items()}
        current.save(update_fields=["sampling_floors"])
        audit_record(
            actor=acting_user,
            action="campaign.floors",
            obj=current,
            before={"sampling_floors": before},
            after={"sampling_floors": current.sampling_floors},
        )
    return current


def _shift_editions(value: Any, delta: int) -> Any:
    """The rule table with every fixed window ("named in the 18th or 19th") moved on by
    ``delta`` editions, as relative windows move by themselves."""
    if isinstance(value, dict):
        return {
            key: [e + delta for e in item]
            if key == "editions" and isinstance(item, list)
            else _shift_editions(item, delta)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_shift_editions(item, delta) for item in value]
    return value


def award_framework_set(*, acting_user: User, award: Award, framework: Framework) -> Award:
    """Give an award another framework version, before anyone has applied under it.

    Applicants check themselves against the framework from their first submission on, and
    marks point at the version they were given under: once an application has been
    submitted the framework stays."""
    require_perm(acting_user, "campaigns.manage_campaign", award.campaign)
    require_framework_fits(
        category=award.category,
        level=award.level,
        model=award.model,
        assessment=award.assessment,
        framework=framework,
    )
    with transaction.atomic():
        current = Award.objects.select_for_update().select_related("framework").get(pk=award.pk)
        if current.applications.exclude(status=State.DRAFT).exists():
            raise ValidationError(
                _("已有单位提交了“%(award)s”的申报，测评体系不能再更换。")
                % {"award": current.label},
                code="award_has_applications",
            )
        before = {"framework": current.framework_id, "name": current.framework.name}
        current.framework = framework
        current.save(update_fields=["framework"])
        audit_record(
            actor=acting_user,
            action="award.framework",
            obj=current.campaign,
            before=before,
            after={"award": current.label, "framework": framework.pk, "name": framework.name},
        )
    return current
