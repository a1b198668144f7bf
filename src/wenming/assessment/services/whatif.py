"""The what-if (模拟测算) before publishing (docs/rules.md#what-if-and-normalization).

On the campaign's current data, the office tries other quotas (per recommending unit and
award), round weights, aggregation methods and normalization, and sees side by side who
enters and who leaves the within-quota list and how each rank moves. Both sides are
ranked in memory by the ranking's own code (``ranking.ranked_in_memory``): the baseline
with today's settings, the trial with the changes, so that the comparison shows the
changes alone. Nothing of the campaign is written (no ranking version, result, round,
quota or application); the trial is one audit event, ``assessment.ranking_simulated``,
with the changes and who entered and left.
"""

import copy
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record
from wenming.campaigns.models import Application, Award, Campaign, Quota
from wenming.campaigns.selectors.applications import holds_place
from wenming.domain.ranking import Change, Placing, Ranked, compare, within_quota
from wenming.domain.scoring import Aggregation

from ..models import AGGREGATION_LABELS, Round
from .ranking import ranked_in_memory


@dataclass(frozen=True)
class RoundChange:
    """What the trial changes of one round (None: as it is)."""

    weight: Decimal | None = None
    aggregation: str | None = None
    normalize: bool | None = None


@dataclass(frozen=True)
class Changes:
    """The trial's changes: places per quota (by its id), settings per round (by id)."""

    quotas: Mapping[int, int] = field(default_factory=dict)
    rounds: Mapping[int, RoundChange] = field(default_factory=dict)


@dataclass(frozen=True)
class AwardTrial:
    """One award's applicants side by side."""

    award: Award
    rows: list[Change]

    @property
    def entering(self) -> list[Change]:
        return [c for c in self.rows if c.entering]

    @property
    def leaving(self) -> list[Change]:
        return [c for c in self.rows if c.leaving]


@dataclass(frozen=True)
class Simulation:
    awards: list[AwardTrial]
    recorded: dict[str, Any]  # the changes as the audit event keeps them
    #: Quotas cut below the places already used, each with quota_set's own sentence.
    below_used: list[str] = field(default_factory=list)

    @property
    def raises_quota(self) -> bool:
        """A raise can let no one in (alternates are not ranked): the page says so."""
        return any(q["places"][1] > q["places"][0] for q in self.recorded["quotas"])

    @property
    def summary(self) -> list[str]:
        """The trial's changes, one Chinese sentence each, as the page lists them."""
        labels = {a.value: str(label) for a, label in AGGREGATION_LABELS.items()}
        on_off = {True: _("启用"), False: _("不启用")}
        out = [
            _("%(award)s · %(unit)s：名额 %(old)s → %(new)s")
            % {"award": q["award"], "unit": q["unit"], "old": q["places"][0], "new": q["places"][1]}
            for q in self.recorded["quotas"]
        ]
        for r in self.recorded["rounds"]:
            if "weight" in r:
                old, new = r["weight"]
                out.append(
                    _("%(round)s：权重 %(old)s → %(new)s")
                    % {"round": r["name"], "old": old, "new": new}
                )
            if "aggregation" in r:
                old, new = (labels.get(v, v) for v in r["aggregation"])
                out.append(
                    _("%(round)s：多人评分合成 %(old)s → %(new)s")
                    % {"round": r["name"], "old": old, "new": new}
                )
            if "normalize_marks" in r:
                old, new = (on_off[v] for v in r["normalize_marks"])
                out.append(
                    _("%(round)s：评分标准化 %(old)s → %(new)s")
                    % {"round": r["name"], "old": old, "new": new}
                )
        return out

    @property
    def entering(self) -> list[Change]:
        return [c for a in self.awards for c in a.entering]

    @property
    def leaving(self) -> list[Change]:
        return [c for a in self.awards for c in a.leaving]


def _round_changes(rounds: list[Round], changes: Changes) -> list[dict[str, Any]]:
    """The rounds' changes that differ from today, checked; refused with a message."""
    by_pk = {r.pk: r for r in rounds}
    out = []
    for pk, change in changes.rounds.items():
        round_ = by_pk.get(pk)
        if round_ is None:
            raise ValidationError(_("测评轮次不属于本届次，请刷新页面后重试。"), code="round")
        if change.weight is not None and change.weight < 0:
            raise ValidationError(_("轮次权重不能为负数。"), code="weight")
        if change.aggregation is not None and change.aggregation not in set(Aggregation):
            raise ValidationError(
                _("合成方式无效，请选择平均值、去高去低平均值或中位数。"), code="aggregation"
            )
        entry: dict[str, Any] = {}
        if change.weight is not None and change.weight != round_.weight:
            entry["weight"] = [round_.weight, change.weight]
        if change.aggregation is not None and change.aggregation != round_.aggregation:
            entry["aggregation"] = [round_.aggregation, change.aggregation]
        if change.normalize is not None and change.normalize != round_.normalize_marks:
            entry["normalize_marks"] = [round_.normalize_marks, change.normalize]
        if entry:
            out.append({"round": pk, "name": round_.name, **entry})
    return out


def _quota_changes(quotas: list[Quota], changes: Changes) -> list[dict[str, Any]]:
    by_pk = {q.pk: q for q in quotas}
    out = []
    for pk, places in changes.quotas.items():
        quota = by_pk.get(pk)
        if quota is None:
            raise ValidationError(_("名额不属于本届次，请刷新页面后重试。"), code="quota")
        if places < 0:
            raise ValidationError(_("名额不能为负数。"), code="places")
        if places != quota.places:
            unit = str(quota.region or quota.body)
            out.append(
                {
                    "quota": pk,
                    "award": quota.award.label,
                    "unit": unit,
                    "places": [quota.places, places],
                }
            )
    return out


def _trial_rounds(rounds: list[Round], changes: Changes) -> list[Round]:
    """Copies of the rounds with the trial's settings, never saved."""
    out = []
    for round_ in rounds:
        change = changes.rounds.get(round_.pk)
        trial = copy.copy(round_)
        if change is not None:
            if change.weight is not None:
                trial.weight = change.weight
            if change.aggregation is not None:
                trial.aggregation = change.aggregation
            if change.normalize is not None:
                trial.normalize_marks = change.normalize
        out.append(trial)
    return out


def _placings(
    ranked: dict[int, tuple[Ranked, ...]], units: Mapping[int, Hashable]
) -> list[Placing]:
    return [
        Placing(entry.key, entry.name, award_id, units.get(entry.key), entry.rank, entry.total)
        for award_id, entries in ranked.items()
        for entry in entries
    ]


def ranking_simulate(*, acting_user: User, campaign: Campaign, changes: Changes) -> Simulation:
    """Rank the campaign in memory with ``changes`` and compare with today's settings;
    record the trial in the audit trail. Nothing else is written."""
    require_perm(acting_user, "campaigns.manage_campaign", campaign)
    rounds = list(Round.objects.filter(campaign=campaign).order_by("id"))
    quotas = list(
        Quota.objects.filter(award__campaign=campaign).select_related("award", "region", "body")
    )
    recorded = {
        "quotas": _quota_changes(quotas, changes),
        "rounds": _round_changes(rounds, changes),
    }
    trial_rounds = _trial_rounds(rounds, changes)
    if trial_rounds and not any(r.weight for r in trial_rounds):
        raise ValidationError(
            _("各轮次的权重不能全部为 0，否则测评得分无法合成。"), code="weights_zero"
        )
    before = ranked_in_memory(campaign, rounds)
    after = ranked_in_memory(campaign, trial_rounds)
    units: dict[int, Hashable] = {
        pk: (region_id, body_id)
        for pk, region_id, body_id in Application.objects.filter(campaign=campaign).values_list(
            "pk", "region_id", "body_id"
        )
    }
    places: dict[tuple[int, Hashable], int] = {
        (q.award_id, (q.region_id, q.body_id)): q.places for q in quotas
    }
    trial_places = places | {
        (q.award_id, (q.region_id, q.body_id)): changes.quotas[q.pk]
        for q in quotas
        if q.pk in changes.quotas
    }
    old, new = _placings(before, units), _placings(after, units)
    used, spent = _places_used(campaign, {p.key for p in old})
    rows = compare(
        old, new, within_quota(old, places, spent), within_quota(new, trial_places, spent)
    )
    awards = {a.pk: a for a in campaign.awards.all()}
    trials = [
        AwardTrial(awards[award_id], [c for c in rows if c.award == award_id])
        for award_id in sorted(after)
        if any(c.award == award_id for c in rows)
    ]
    simulation = Simulation(trials, recorded, _below_used(quotas, changes, used))
    with transaction.atomic():
        audit_record(
            actor=acting_user,
            action="assessment.ranking_simulated",
            obj=campaign,
            after={
                "changes": recorded,
                "entering": [c.key for c in simulation.entering],
                "leaving": [c.key for c in simulation.leaving],
                "moved": sum(1 for c in rows if c.rank_change),
                "summary": "；".join(_summary(simulation)),
            },
        )
    return simulation


def _places_used(
    campaign: Campaign, ranked: set[int]
) -> tuple[dict[tuple[int, Hashable], int], dict[tuple[int, Hashable], int]]:
    """Per award and unit, the places used (the campaigns rule, ``holds_place``, as
    ``quota_set`` counts them) and those spent outside the ranking (held by an
    application the ranking does not rank: vetoed, rejected, or moved on)."""
    used: dict[tuple[int, Hashable], int] = {}
    spent: dict[tuple[int, Hashable], int] = {}
    held = Application.objects.filter(holds_place(), campaign=campaign).values_list(
        "pk", "award_id", "region_id", "body_id"
    )
    for pk, award_id, region_id, body_id in held:
        key = (award_id, (region_id, body_id))
        used[key] = used.get(key, 0) + 1
        if pk not in ranked:
            spent[key] = spent.get(key, 0) + 1
    return used, spent


def _below_used(
    quotas: list[Quota], changes: Changes, used: Mapping[tuple[int, Hashable], int]
) -> list[str]:
    """The trial's quotas below the places already used: ``quota_set`` would refuse
    them, so the page says so, in its words, beside the result."""
    out = []
    for q in quotas:
        n = used.get((q.award_id, (q.region_id, q.body_id)), 0)
        if q.pk in changes.quotas and changes.quotas[q.pk] < n and changes.quotas[q.pk] != q.places:
            out.append(
                _("%(award)s · %(unit)s：") % {"award": q.award.label, "unit": q.region or q.body}
                + _("已推荐 %(used)d 个，名额不能少于已推荐数。") % {"used": n}
            )
    return out


def _summary(simulation: Simulation) -> list[str]:
    """What the trial tried and what it showed, as sentences a person reads in the
    history (the changes from → to, who entered, who left); stored as one text, as a
    list would read "N 项" there."""
    names = "、"
    out = list(simulation.summary)
    if not out:
        out.append(_("没有改动任何设置，结果与当前一致。"))
    entering = names.join(c.name for c in simulation.entering) or _("无")
    leaving = names.join(c.name for c in simulation.leaving) or _("无")
    out.append(_("进入名额内：%(names)s") % {"names": entering})
    out.append(_("退出名额：%(names)s") % {"names": leaving})
    out.extend(simulation.below_used)
    return out
