"""Rounds and their sampling: create a round, set its ratios, publish its candidate list,
draw its sample from the public draw named in advance, and enlarge it later
(docs/rules.md#committed-draw)."""

from collections.abc import Mapping, Sequence
from datetime import date
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
from wenming.documents.style import date_words, datetime_words
from wenming.domain import draw_commitment, sampling
from wenming.domain.scoring import Aggregation
from wenming.domain.style import percent_text
from wenming.visits.checklist import default_checklist

from ..draw_messages import draw_refusal
from ..floors import refuse_below_floors
from ..models import Round, RoundKind, SampleEntry, StratumKind
from ..population import candidates, counties_of, ratio_for, stratum_key
from ..selectors.marking import label_of, stratum_labels
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
    "normalize_marks",
    "disagreement_margin",
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
    normalize_marks: bool = False,
    disagreement_margin: Decimal | str = Decimal("0.300"),
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
            normalize_marks=normalize_marks,
            disagreement_margin=ratio(disagreement_margin, _("评分分歧阈值")),
        )
        refuse_below_floors(round_)
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
        if round_.committed_at:
            raise ValidationError(
                _("候选名单已公布，抽查比例不能再改；抽取样本后可以提高比例扩大样本。")
            )
        before = snapshot(round_, ROUND_FIELDS)
        round_.stratum_kind = stratum_kind
        round_.default_ratio = ratio(default_ratio, _("抽查比例"))
        round_.ratios = {k: str(ratio(v, _("抽查比例"))) for k, v in ratios.items() if v != ""}
        round_.sampled = True
        refuse_below_floors(round_)
        round_.save()
        audit_record(
            actor=acting_user,
            action="assessment.round_sampling",
            obj=round_,
            before=before,
            after=snapshot(round_, ROUND_FIELDS),
        )
    return round_


def round_comparison_set(
    *,
    acting_user: User,
    round_: Round,
    normalize_marks: bool,
    disagreement_margin: Decimal | str,
) -> Round:
    """Change how the round's assessors are compared: the normalization of their marks and
    the margin past which a clause is disputed (docs/rules.md#assessor-comparison)."""
    require_perm(acting_user, "assessment.manage_round", round_)
    with transaction.atomic():
        round_ = _locked(round_)
        refuse_once_assessment_closed(round_.campaign)
        before = snapshot(round_, ROUND_FIELDS)
        if round_.normalize_marks != normalize_marks:
            # The ranking is computed with it: one computed before is out of date.
            round_.settings_changed_at = timezone.now()
        round_.normalize_marks = normalize_marks
        round_.disagreement_margin = ratio(disagreement_margin, _("评分分歧阈值"))
        round_.save()
        audit_record(
            actor=acting_user,
            action="assessment.round_comparison",
            obj=round_,
            before=before,
            after=snapshot(round_, ROUND_FIELDS),
        )
    return round_


def _locked(round_: Round) -> Round:
    return Round.objects.select_for_update().select_related("campaign__office").get(pk=round_.pk)


def _population(round_: Round) -> list[list[str]]:
    """The round's candidates as [id, stratum key] pairs, in the list's canonical order."""
    counties = counties_of(round_.campaign)
    pairs = [
        (
            str(a.pk),
            stratum_key(round_.stratum_kind, a, counties.of_path(a.organization.region.path)),
        )
        for a in candidates(round_)
    ]
    return [[item_id, key] for key, item_id in draw_commitment.canonical_candidates(pairs)]


_THOUSANDTH = Decimal("0.001")


def _date_text(day: date) -> str:
    return date_words(day)


def _witnesses_of(entries: Sequence[tuple[str, str]]) -> list[dict[str, str]]:
    try:
        people = draw_commitment.normalize_witnesses(entries)
    except sampling.SamplingError as error:
        raise draw_refusal(error) from error
    return [{"name": w.name, "numbers": w.numbers} for w in people]


def round_commit_candidates(
    *,
    acting_user: User,
    round_: Round,
    seed_source: str,
    seed_draw_on: date,
    witnesses: Sequence[tuple[str, str]] = (),
) -> Round:
    """Freeze the round's candidate list and publish its SHA-256 with the time, the public
    draw the seed will come from, its date, and the witnesses' numbers (none, or two or
    more). Once only: a new list after the public draw's result is known could be chosen
    for the sample it gives; witnesses' numbers typed after it could be tried until the
    sample suits (docs/rules.md#committed-draw)."""
    require_perm(acting_user, "assessment.manage_round", round_)
    source = " ".join(seed_source.split())
    if not source:
        raise ValidationError(
            _("请填写种子来源：事先指定、现在还不知道结果的公开开奖，如“%(example)s”。")
            % {"example": _("中国福利彩票双色球2026年12月8日开奖号码")}
        )
    today = timezone.localdate()
    if seed_draw_on < today:
        raise ValidationError(
            _("开奖日期须不早于今天（%(today)s）：已经开奖的号码不能作为种子。")
            % {"today": _date_text(today)}
        )
    people = _witnesses_of(witnesses)
    with transaction.atomic():
        round_ = _locked(round_)
        require_assessment_open(round_.campaign)
        if round_.committed_at:
            raise ValidationError(
                _("候选名单已于 %(t)s 公布，不能重新公布。")
                % {"t": datetime_words(round_.committed_at, seconds=True)}
            )
        if round_.seed:
            raise ValidationError(_("样本已抽取，不能再公布候选名单。"))
        population = _population(round_)
        if not population:
            raise ValidationError(_("没有可测评的推荐申报，不能公布候选名单。"))
        round_.sample_population = population
        round_.candidates_hash = draw_commitment.candidates_hash(
            (item_id, key) for item_id, key in population
        )
        round_.seed_source = source
        round_.seed_draw_on = seed_draw_on
        committed_ratios = {
            key: str(ratio_for(round_, key).quantize(_THOUSANDTH)) for key in _keys(round_)
        }
        # Published with the list, so the public page shows them before the draw and
        # after any enlargement as they were committed.
        round_.seed_inputs = {"witnesses": people, "ratios": committed_ratios}
        round_.committed_at = timezone.now()
        round_.committed_by = acting_user
        round_.sampled = True
        refuse_below_floors(round_)
        round_.save()
        audit_record(
            actor=acting_user,
            action="assessment.round_commit",
            obj=round_,
            after={
                "candidates_hash": round_.candidates_hash,
                "seed_source": source,
                "seed_draw_on": seed_draw_on.isoformat(),
                "witnesses": people,
                "population": len(population),
                "committed_at": round_.committed_at.isoformat(),
                "ratios": committed_ratios,
            },
        )
    return round_


def _keys(round_: Round) -> list[str]:
    return sorted({key for _id, key in round_.sample_population})


def _seed_of(round_: Round, public_numbers: str) -> str:
    """The seed from the published hash, the public numbers entered now and the
    witnesses' numbers fixed when the list was published."""
    try:
        public = draw_commitment.normalize_numbers(public_numbers)
    except sampling.SamplingError as error:
        raise draw_refusal(error) from error
    people = [(w["name"], w["numbers"]) for w in round_.seed_inputs.get("witnesses", [])]
    round_.seed_inputs = {**round_.seed_inputs, "public": public}
    return draw_commitment.combined_seed(round_.candidates_hash, public, people)


def sample_draw(
    *,
    acting_user: User,
    round_: Round,
    public_numbers: str,
) -> sampling.Sample:
    """Draw the round's sample from its published list, once, not before the public
    draw's date: the seed comes from the published hash, the numbers of the public draw
    named in advance and the witnesses' published with the list
    (docs/rules.md#committed-draw)."""
    require_perm(acting_user, "assessment.manage_round", round_)
    with transaction.atomic():
        round_ = _locked(round_)
        require_assessment_open(round_.campaign)
        if not round_.committed_at:
            raise ValidationError(_("请先公布候选名单，再录入开奖号码抽取样本。"))
        if round_.seed:
            raise ValidationError(_("样本已抽取，不能重新抽取；需要更多样本时请提高抽查比例。"))
        if round_.seed_draw_on and timezone.localdate() < round_.seed_draw_on:
            raise ValidationError(
                _("开奖日期 %(day)s 之前不能抽取：请在开奖后录入号码。")
                % {"day": _date_text(round_.seed_draw_on)}
            )
        pairs = [(item_id, key) for item_id, key in round_.sample_population]
        if draw_commitment.candidates_hash(pairs) != round_.candidates_hash:
            raise ValidationError(_("保存的候选名单与公布的摘要不一致，不能抽取。"))
        round_.seed = _seed_of(round_, public_numbers)
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
                "candidates_hash": round_.candidates_hash,
                "seed_inputs": round_.seed_inputs,
                "seed": round_.seed,
                "population": result.population,
                "size": result.size,
                "chosen": list(result.chosen),
            },
        )
    return result


def sample_extend(
    *,
    acting_user: User,
    round_: Round,
    default_ratio: Decimal | str,
    ratios: Mapping[str, Any],
) -> sampling.Sample:
    """Raise the ratios of a drawn round: the same list and seed draw again, so every
    earlier pick stays and the new ones are added. A lower ratio is refused."""
    require_perm(acting_user, "assessment.manage_round", round_)
    with transaction.atomic():
        round_ = _locked(round_)
        require_assessment_open(round_.campaign)
        if not round_.seed:
            raise ValidationError(_("样本尚未抽取，请先公布候选名单并抽取。"))
        before = snapshot(round_, ROUND_FIELDS)
        old = {key: ratio_for(round_, key) for key in _keys(round_)}
        earlier = set(round_.sample.values_list("application_id", flat=True))
        round_.default_ratio = ratio(default_ratio, _("抽查比例"))
        round_.ratios = {k: str(ratio(v, _("抽查比例"))) for k, v in ratios.items() if v != ""}
        new = {key: ratio_for(round_, key) for key in old}
        _refuse_lower(round_, old, new)
        result = sample_recompute(round_)
        added = sorted(set(map(int, result.chosen)) - earlier)
        # Each enlargement stays on the public page: when, to which ratios, whom it added.
        extension = {
            "at": timezone.now().isoformat(),
            "ratios": {key: str(value.quantize(_THOUSANDTH)) for key, value in new.items()},
            "added": added,
        }
        extensions = [*round_.seed_inputs.get("extensions", []), extension]
        round_.seed_inputs = {**round_.seed_inputs, "extensions": extensions}
        round_.save()
        SampleEntry.objects.bulk_create(
            SampleEntry(round=round_, application_id=app_id, stratum=stratum.key)
            for stratum in result.strata
            for app_id in map(int, stratum.chosen)
            if app_id not in earlier
        )
        audit_record(
            actor=acting_user,
            action="assessment.sample_extend",
            obj=round_,
            before=before,
            after=snapshot(round_, ROUND_FIELDS) | {"added": added},
        )
    return result


def _refuse_lower(round_: Round, old: Mapping[str, Decimal], new: Mapping[str, Decimal]) -> None:
    labels = stratum_labels(round_)
    lower = [key for key in old if new[key] < old[key]]
    if lower:
        raise ValidationError(
            _("样本已抽取，抽查比例只能提高，不能降低：%(strata)s。")
            % {
                "strata": "；".join(
                    _("%(label)s 原为 %(old)s")
                    % {"label": label_of(k, labels), "old": percent_text(old[k])}
                    for k in lower
                )
            }
        )
    if new == old:
        raise ValidationError(_("抽查比例没有提高，样本不变。"))


def sample_recompute(round_: Round, seed: str | None = None) -> sampling.Sample:
    """Re-run the draw from the stored population (with the stored seed unless given)."""
    population = [(app_id, key) for app_id, key in round_.sample_population]
    keys = {key for _id, key in population}
    ratios = {key: ratio_for(round_, key) for key in keys}
    return sampling.draw_sample(population, ratios, seed or round_.seed)
