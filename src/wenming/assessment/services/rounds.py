"""Rounds and their sampling: create a round, set its ratios, draw its sample once."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record, snapshot
from wenming.campaigns.models import Campaign
from wenming.domain import sampling
from wenming.domain.scoring import Aggregation
from wenming.visits.checklist import default_checklist

from ..models import Round, RoundKind, SampleEntry, StratumKind
from ..population import candidates, counties_of, ratio_for, stratum_key
from .common import ratio, refuse_once_assessment_closed, require_assessment_open

ROUND_FIELDS = [
    "kind",
    "name",
    "weight",
    "aggregation",
    "trim_from",
    "sampled",
    "stratum_kind",
    "default_ratio",
    "ratios",
]


def round_create(
    *,
    acting_user: User,
    campaign: Campaign,
    kind: str,
    name: str,
    weight: Decimal | str = Decimal(1),
    aggregation: str = Aggregation.MEAN.value,
    trim_from: int = 5,
    sampled: bool = False,
    stratum_kind: str = StratumKind.AWARD.value,
    default_ratio: Decimal | str = Decimal(1),
    ratios: Mapping[str, Any] | None = None,
) -> Round:
    """A new assessment round of a campaign, with its weight, aggregation and sampling."""
    require_perm(acting_user, "campaigns.manage_campaign", campaign)
    if kind not in RoundKind.values:
        raise ValidationError(_("未知的测评轮次类型。"))
    weight_value = Decimal(str(weight))
    if weight_value <= 0:
        raise ValidationError(_("权重须大于 0。"))
    if aggregation not in {a.value for a in Aggregation}:
        raise ValidationError(_("未知的评分合成方式。"))
    with transaction.atomic():
        refuse_once_assessment_closed(campaign)
        round_ = Round.objects.create(
            campaign=campaign,
            kind=kind,
            name=name.strip() or str(RoundKind(kind).label),
            weight=weight_value,
            aggregation=aggregation,
            trim_from=trim_from,
            sampled=sampled,
            stratum_kind=stratum_kind,
            default_ratio=ratio(default_ratio, _("抽查比例")),
            ratios={k: str(ratio(v, _("抽查比例"))) for k, v in (ratios or {}).items()},
            checklist=default_checklist(),
        )
        audit_record(
            actor=acting_user,
            action="assessment.round_create",
            obj=round_,
            after=snapshot(round_, ROUND_FIELDS),
        )
    return round_


def round_sampling_set(
    *,
    acting_user: User,
    round_: Round,
    stratum_kind: str,
    default_ratio: Decimal | str,
    ratios: Mapping[str, Any],
) -> Round:
    """Change how the round samples; refused once the sample is drawn."""
    require_perm(acting_user, "assessment.manage_round", round_)
    if stratum_kind not in StratumKind.values:
        raise ValidationError(_("未知的分层方式。"))
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        refuse_once_assessment_closed(round_.campaign)
        if round_.seed:
            raise ValidationError(_("样本已抽取，抽查比例不能再改。"))
        before = snapshot(round_, ROUND_FIELDS)
        round_.stratum_kind = stratum_kind
        round_.default_ratio = ratio(default_ratio, _("抽查比例"))
        round_.ratios = {k: str(ratio(v, _("抽查比例"))) for k, v in ratios.items() if v != ""}
        round_.sampled = True
        round_.save()
        audit_record(
            actor=acting_user,
            action="assessment.round_sampling",
            obj=round_,
            before=before,
            after=snapshot(round_, ROUND_FIELDS),
        )
    return round_


def sample_draw(*, acting_user: User, round_: Round) -> sampling.Sample:
    """Draw the round's sample once: a fresh seed, stored with the population it was drawn
    from. Drawing again returns the stored sample (a redraw could fish for a better one)."""
    require_perm(acting_user, "assessment.manage_round", round_)
    with transaction.atomic():
        round_ = (
            Round.objects.select_for_update().select_related("campaign__office").get(pk=round_.pk)
        )
        if round_.seed:
            return sample_recompute(round_)
        require_assessment_open(round_.campaign)
        counties = counties_of(round_.campaign)
        population = [
            [
                str(a.pk),
                stratum_key(round_.stratum_kind, a, counties.of_path(a.organization.region.path)),
            ]
            for a in candidates(round_)
        ]
        round_.seed = sampling.draw_seed()
        round_.sample_population = population
        round_.sampled = True
        round_.sampled_at = timezone.now()
        round_.sampled_by = acting_user
        round_.save()
        result = sample_recompute(round_)
        SampleEntry.objects.bulk_create(
            SampleEntry(round=round_, application_id=int(app_id), stratum=stratum.key)
            for stratum in result.strata
            for app_id in stratum.chosen
        )
        audit_record(
            actor=acting_user,
            action="assessment.sample_draw",
            obj=round_,
            after={
                "seed": round_.seed,
                "population": result.population,
                "size": result.size,
                "chosen": list(result.chosen),
            },
        )
    return result


def sample_recompute(round_: Round, seed: str | None = None) -> sampling.Sample:
    """Re-run the draw from the stored population (with the stored seed unless given)."""
    population = [(app_id, key) for app_id, key in round_.sample_population]
    keys = {key for _id, key in population}
    ratios = {key: ratio_for(round_, key) for key in keys}
    return sampling.draw_sample(population, ratios, seed or round_.seed)
