"""Ranking: the campaign's applicants per award, from ``domain.ranking.rank``, in versions.

The database gathers the per-clause figures of the marks (``ranking_sql``); everything
else an application brings (its form's statistics, questionnaire rates, confirmed bonus
claims, recorded deductions, the §6.3 preference) is read here in a fixed number of
queries, and the domain function computes totals, breakdowns and ranks.

Versions: the first ranking is version 1; recomputing rewrites the current version while
it is not frozen. ``ranking_freeze`` freezes it when assessment closes and screening
takes it. A re-rank after that needs a reason and makes a new version; the rows of
applications that have moved on (screened, published, approved, named, vetoed …) are
copied into it unchanged and never rewritten. Ranked applications still RECOMMENDED move
to ASSESSED through ``application_move``; an application without a single mark is not
ranked and does not move.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.audit.services import audit_record, snapshot
from wenming.campaigns.models import Application, BonusClaim, Campaign
from wenming.campaigns.services import application_move
from wenming.domain import ranking as domain
from wenming.domain.application_states import Action, State
from wenming.domain.frameworks import Framework
from wenming.domain.ranking import RANK_PLACES, Applicant, ClauseFigures, RoundSettings, rank
from wenming.domain.scoring import Aggregation
from wenming.domain.scoring import BonusClaim as ClaimFact

from .. import ranking_sql
from ..models import (
    DeductionRecord,
    RankingResult,
    RankingVersion,
    Round,
    SampleEntry,
    Standing,
)
from ..population import ASSESSABLE
from ..thresholds import questionnaire_results, statistics_of
from .common import require


@dataclass(frozen=True)
class Ranked:
    ranked: int
    assessed: int  # applications moved from RECOMMENDED to ASSESSED by this run
    version: int = 0
    carried: int = 0  # rows of applications already screened, copied unchanged


def _q(value: Decimal) -> Decimal:
    return value.quantize(RANK_PLACES, rounding=ROUND_HALF_UP)


# --- inputs -------------------------------------------------------------------------------


def round_settings(rounds: Iterable[Round]) -> list[RoundSettings]:
    return [RoundSettings(r.pk, r.weight, Aggregation(r.aggregation), r.trim_from) for r in rounds]


def coverage(rounds: list[Round]) -> dict[int, set[int]]:
    """For each sampled round, the applications it drew (a sampled round covers only them)."""
    sampled = {r.pk: set() for r in rounds if r.sampled}
    if sampled:
        entries = SampleEntry.objects.filter(round_id__in=list(sampled))
        for round_id, application_id in entries.values_list("round_id", "application_id"):
            sampled[round_id].add(application_id)
    return sampled


def covering(rounds: list[Round], sampled: dict[int, set[int]], application_id: int) -> tuple:
    return tuple(r.pk for r in rounds if not r.sampled or application_id in sampled.get(r.pk, ()))


def confirmed_claims(application_ids: Any) -> dict[int, list[ClaimFact]]:
    """Each application's confirmed bonus claims (pending or rejected ones never count)."""
    out: dict[int, list[ClaimFact]] = defaultdict(list)
    rows = BonusClaim.objects.filter(application_id__in=application_ids, status="confirmed")
    for row in rows.order_by("application_id", "dated", "id"):
        out[row.application_id].append(
            ClaimFact(row.rule, row.level, row.dated, row.content_key, row.title)
        )
    return out


def deduction_counts(application_ids: Any) -> dict[int, dict[str, int]]:
    """Each application's deductions: how many times each item applies, summed over records."""
    out: dict[int, Counter[str]] = defaultdict(Counter)
    rows = DeductionRecord.objects.filter(application_id__in=application_ids)
    for application_id, key, count in rows.values_list("application_id", "key", "count"):
        out[application_id][key] += count
    return {pk: dict(counts) for pk, counts in out.items()}


def applicant_figures(
    rounds: list[Round], wanted: set[int] | None = None
) -> dict[int, list[ClauseFigures]]:
    """Per application, the figures of every round (a median's marks where it needs them)."""
    ids = [r.pk for r in rounds]
    per_app: dict[int, list[Any]] = defaultdict(list)
    for app, round_id, clause, method, n, s, lo, hi in ranking_sql.figures(ids):
        if wanted is None or app in wanted:
            # Plain tuples in ClauseFigures' field order: the domain reads them by position.
            per_app[app].append((round_id, clause, method, n, s, lo, hi))
    medians = [r.pk for r in rounds if r.aggregation == Aggregation.MEDIAN]
    if medians:
        marks = ranking_sql.median_marks(medians)
        for app, rows in per_app.items():
            for i, row in enumerate(rows):
                given = marks.get((app, row[0], row[1], row[2]))
                if given:
                    rows[i] = (*row, tuple(sorted(given)))
    return per_app  # type: ignore[return-value]


def applicant(
    application: Application,
    rounds: list[Round],
    sampled: dict[int, set[int]],
    figures: list[ClauseFigures],
    answers: Any,
    claims: list[ClaimFact],
    deductions: dict[str, int],
) -> Applicant:
    standing = Standing.objects.filter(application=application).first()
    return Applicant(
        application.pk,
        application.organization.name,
        covering(rounds, sampled, application.pk),
        figures,
        statistics_of(application.form),
        answers,
        tuple(claims),
        deductions,
        standing.preference if standing else 0,
    )


def explain(application: Application) -> domain.Ranked:
    """One application's total and breakdown from the domain function, clause by clause
    (the breakdown page; a handful of queries for one application)."""
    campaign_id = application.campaign_id
    rounds = list(Round.objects.filter(campaign_id=campaign_id).order_by("id"))
    sampled = coverage(rounds)
    figures = applicant_figures(rounds, {application.pk}).get(application.pk, [])
    one = applicant(
        application,
        rounds,
        sampled,
        figures,
        questionnaire_results([application.pk]).get(application.pk, {}),
        confirmed_claims([application.pk]).get(application.pk, []),
        deduction_counts([application.pk]).get(application.pk, {}),
    )
    framework: Framework = application.award.framework.to_domain()  # type: ignore[assignment]
    (result,) = rank(framework, round_settings(rounds), [one], detail=True)
    return result


# --- compute ------------------------------------------------------------------------------


def _compute_rows(campaign: Campaign, version: RankingVersion, now: datetime) -> list[Any]:
    rounds = list(Round.objects.filter(campaign=campaign).order_by("id"))
    settings = round_settings(rounds)
    sampled = coverage(rounds)
    apps = list(
        Application.objects.filter(campaign=campaign, status__in=ASSESSABLE).values_list(
            "pk", "award_id", "organization__name", "form", "standing__preference"
        )
    )
    in_campaign = Application.objects.filter(campaign=campaign, status__in=ASSESSABLE)
    ids = in_campaign.values("pk")
    answers = questionnaire_results(campaign_id=campaign.pk)
    claims = confirmed_claims(ids)
    deductions = deduction_counts(ids)
    figures = applicant_figures(rounds)
    frameworks = {
        award.pk: award.framework.to_domain()
        for award in campaign.awards.select_related("framework")
    }
    by_award: dict[int, list[Applicant]] = defaultdict(list)
    for pk, award_id, name, form, preference in apps:
        by_award[award_id].append(
            Applicant(
                pk,
                name,
                covering(rounds, sampled, pk),
                figures.get(pk, ()),
                statistics_of(form),
                answers.get(pk, {}),
                tuple(claims.get(pk, ())),
                deductions.get(pk, {}),
                preference or 0,
            )
        )
    order = {name: i for i, name in enumerate(sorted({row[2] for row in apps}))}
    rows = []
    for award_id, applicants in by_award.items():
        for entry in rank(frameworks[award_id], settings, applicants):  # type: ignore[arg-type]
            rows.append(
                RankingResult(
                    version=version,
                    campaign=campaign,
                    award_id=award_id,
                    application_id=entry.key,
                    criteria_total=_q(entry.criteria_total),
                    threshold_total=_q(entry.threshold_total),
                    bonus_total=_q(entry.bonus_total),
                    deduction_total=_q(entry.deduction_total),
                    total=_q(entry.total),
                    preference=entry.preference,
                    rounds=len(entry.rounds),
                    name=entry.name[:200],
                    name_order=order[entry.name],
                    rank=entry.rank,
                    tie_rule=entry.decided_by.value if entry.decided_by else "",
                    computed_at=now,
                )
            )
    return rows


def _carry(source: RankingVersion, target: RankingVersion) -> int:
    """Copy the rows of applications that moved on past assessment, unchanged."""
    rows = list(
        RankingResult.objects.filter(version=source).exclude(application__status__in=ASSESSABLE)
    )
    for row in rows:
        row.pk, row.version, row.carried = None, target, True
    RankingResult.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _assess(acting_user: User, version: RankingVersion) -> int:
    """Move the ranked applications still RECOMMENDED to ASSESSED, each audited."""
    ranked = RankingResult.objects.filter(version=version, rank__isnull=False, carried=False)
    moving = list(
        Application.objects.filter(
            pk__in=ranked.values("application_id"), status=State.RECOMMENDED
        ).select_related("organization", "award")  # the audit event names both
    )
    application_move(acting_user=acting_user, applications=moving, action=Action.ASSESS)
    return len(moving)


def current_version(campaign: Campaign) -> RankingVersion | None:
    return RankingVersion.objects.filter(campaign=campaign).order_by("-number").first()


def frozen_version(campaign: Campaign) -> RankingVersion | None:
    """The ranking screening takes: the latest frozen version."""
    versions = RankingVersion.objects.filter(campaign=campaign, frozen_at__isnull=False)
    return versions.order_by("-number").first()


def ranking_compute(*, acting_user: User, campaign: Campaign, reason: str = "") -> Ranked:
    """Rank the campaign's applicants per award from every round's marks, and store it.

    While the current version is not frozen it is recomputed in place; once frozen, a
    reason is required and a new version is made."""
    require(acting_user, "campaigns.manage_campaign", campaign)
    reason = (reason or "").strip()
    now = timezone.now()
    with transaction.atomic():
        latest = (
            RankingVersion.objects.select_for_update()
            .filter(campaign=campaign)
            .order_by("-number")
            .first()
        )
        carried = 0
        if latest is None or latest.frozen_at is not None:
            if latest is not None and not reason:
                raise ValidationError(
                    _("第 %(n)s 版排名已锁定，重新排名须说明原因。") % {"n": latest.number}
                )
            version = RankingVersion.objects.create(
                campaign=campaign,
                number=1 if latest is None else latest.number + 1,
                reason=reason,
                computed_at=now,
                computed_by=acting_user,
            )
            if latest is not None:
                carried = _carry(latest, version)
        else:
            version = latest
            version.computed_at, version.computed_by = now, acting_user
            if reason:
                version.reason = reason
            version.save(update_fields=["computed_at", "computed_by", "reason"])
            # Rows of applications that moved on stay as they are; the rest is recomputed.
            mine = RankingResult.objects.filter(version=version)
            mine.filter(application__status__in=ASSESSABLE).delete()
            carried = mine.count()
        rows = _compute_rows(campaign, version, now)
        RankingResult.objects.bulk_create(rows, batch_size=5000)
        ranked = sum(1 for r in rows if r.rank is not None)
        assessed = _assess(acting_user, version)
        audit_record(
            actor=acting_user,
            action="assessment.ranking_compute",
            obj=campaign,
            after={
                "version": version.number,
                "reason": reason,
                "ranked": ranked,
                "unranked": len(rows) - ranked,
                "carried": carried,
                "assessed": assessed,
                "computed_at": now,
            },
        )
    return Ranked(ranked, assessed, version.number, carried)


def ranking_freeze(*, acting_user: User, campaign: Campaign) -> RankingVersion:
    """Freeze the current ranking as the one screening takes (when assessment closes).

    With no ranking yet, the ranking is computed first; an already frozen version stays
    as it is."""
    require(acting_user, "campaigns.manage_campaign", campaign)
    with transaction.atomic():
        version = current_version(campaign)
        if version is None:
            ranking_compute(acting_user=acting_user, campaign=campaign)
            version = current_version(campaign)
        assert version is not None
        version = RankingVersion.objects.select_for_update().get(pk=version.pk)
        if version.frozen_at is not None:
            return version
        version.frozen_at, version.frozen_by = timezone.now(), acting_user
        version.save(update_fields=["frozen_at", "frozen_by"])
        audit_record(
            actor=acting_user,
            action="assessment.ranking_freeze",
            obj=campaign,
            after={"version": version.number, "frozen_at": version.frozen_at},
        )
    return version


def standing_set(
    *,
    acting_user: User,
    application: Application,
    preference: int,
    note: str = "",
) -> Standing:
    """Set the §6.3 preference (0–3) the office decides for an applicant's ranking."""
    require(acting_user, "campaigns.manage_campaign", application.campaign)
    if not 0 <= preference <= 3:
        raise ValidationError(_("同等条件优先项数应在 0 到 3 之间。"))
    with transaction.atomic():
        standing = Standing.objects.select_for_update().filter(application=application).first()
        before = None
        if standing is None:
            standing = Standing(application=application)
        else:
            before = snapshot(standing, ["preference", "note"])
        standing.preference = preference
        standing.note = note
        standing.updated_by = acting_user
        standing.save()
        audit_record(
            actor=acting_user,
            action="assessment.standing_set",
            obj=application,
            before=before,
            after=snapshot(standing, ["preference", "note"]),
        )
    return standing
