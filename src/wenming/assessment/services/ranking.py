"""Ranking: the campaign's applicants per award, computed in the database and stored.

The marks are aggregated by one SQL statement (``ranking_sql``); what depends on few
rows per application — threshold criteria from the form and the questionnaires, the
office's deductions and the §6.3 preference — is computed here with the domain scorer.
Ranked applications still RECOMMENDED move to ASSESSED through the state machine, each
with its audit event.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.audit.services import audit_record, snapshot
from wenming.campaigns.models import Application, Campaign
from wenming.campaigns.services import application_move
from wenming.domain.application_states import Action, State
from wenming.domain.frameworks import ZERO
from wenming.domain.scoring import Scorer

from ..models import RankingResult, Standing
from ..population import ASSESSABLE
from ..ranking_sql import write_results
from ..thresholds import ThresholdTotals, questionnaire_results, statistics_of
from .common import require


@dataclass(frozen=True)
class Ranked:
    ranked: int
    assessed: int  # applications moved from RECOMMENDED to ASSESSED by this run


def _scorers(campaign: Campaign) -> dict[int, Scorer]:
    return {
        award.pk: Scorer(award.framework.to_domain())  # type: ignore[arg-type]
        for award in campaign.awards.select_related("framework")
    }


def _extras(
    scorer: Scorer, form: Any, answers: Any, deductions: Any
) -> tuple[Decimal, Decimal, Decimal]:
    """Threshold points, bonuses and deductions of one application (no marks needed)."""
    breakdown = scorer.score(
        {}, statistics=statistics_of(form), questionnaires=answers, deductions=deductions or {}
    )
    thresholds = sum((t.earned for t in breakdown.thresholds), ZERO)
    return thresholds, breakdown.bonus_total, breakdown.deduction_total


def _results(campaign: Campaign) -> list[tuple[Any, ...]]:
    """The result rows without totals, as ``ranking_sql.write_results`` takes them."""
    scorers = _scorers(campaign)
    # Clause frameworks: thresholds per condition, memoized on the counts each one reads.
    fast = {
        award_id: ThresholdTotals(scorer.framework)
        for award_id, scorer in scorers.items()
        if hasattr(scorer.framework, "thresholds")
    }
    answers = questionnaire_results(campaign_id=campaign.pk)
    rows = list(
        Application.objects.filter(campaign=campaign, status__in=ASSESSABLE).values_list(
            "pk",
            "award_id",
            "organization__name",
            "form",
            "standing__preference",
            "standing__deductions",
        )
    )
    order = {name: i for i, name in enumerate(sorted({row[2] for row in rows}))}
    memo: dict[Any, tuple[Decimal, Decimal, Decimal]] = {}
    results = []
    for pk, award_id, name, form, preference, deductions in rows:
        mine = answers.get(pk, {})
        thresholds = fast.get(award_id)
        if thresholds is not None:
            # Bonuses and deductions do not read the form: computed once per distinct input.
            key = (award_id, repr(deductions))
            extras = memo.get(key)
            if extras is None:
                extras = memo[key] = _extras(scorers[award_id], {}, {}, deductions)
            _, bonus, deducted = extras
            threshold = thresholds.earned(form, mine)
        else:
            # Many applications share the same inputs; their extras are computed once.
            key = (award_id, repr(form), repr(mine), repr(deductions))
            extras = memo.get(key)
            if extras is None:
                extras = memo[key] = _extras(scorers[award_id], form, mine, deductions)
            threshold, bonus, deducted = extras
        results.append(
            (award_id, pk, threshold, bonus, deducted, preference or 0, name[:200], order[name])
        )  # fmt: skip
    return results


def _assess(acting_user: User, campaign: Campaign) -> int:
    """Move the ranked applications still RECOMMENDED to ASSESSED, each audited."""
    ranked = RankingResult.objects.filter(campaign=campaign, rank__isnull=False)
    moving = list(
        Application.objects.filter(
            pk__in=ranked.values("application_id"), status=State.RECOMMENDED
        ).select_related("organization", "award")  # the audit event names both
    )
    application_move(acting_user=acting_user, applications=moving, action=Action.ASSESS)
    return len(moving)


def ranking_compute(*, acting_user: User, campaign: Campaign) -> Ranked:
    """Rank the campaign's applicants per award from every round's marks, and store it."""
    require(acting_user, "campaigns.manage_campaign", campaign)
    now = timezone.now()
    with transaction.atomic():
        RankingResult.objects.filter(campaign=campaign).delete()
        write_results(campaign.pk, _results(campaign), now)
        ranked = RankingResult.objects.filter(campaign=campaign, rank__isnull=False).count()
        assessed = _assess(acting_user, campaign)
        audit_record(
            actor=acting_user,
            action="assessment.ranking_compute",
            obj=campaign,
            after={"ranked": ranked, "assessed": assessed, "computed_at": now},
        )
    return Ranked(ranked, assessed)


def standing_set(
    *,
    acting_user: User,
    application: Application,
    preference: int,
    deductions: dict[str, int] | None = None,
    note: str = "",
) -> Standing:
    """Set what the office decides for an applicant's ranking: the §6.3 preference (0–3)
    and how many times each deduction item of its framework applies."""
    require(acting_user, "campaigns.manage_campaign", application.campaign)
    if not 0 <= preference <= 3:
        raise ValidationError(_("同等条件优先项数应在 0 到 3 之间。"))
    deductions = {k: v for k, v in (deductions or {}).items() if v}
    known = {d.key for d in application.award.framework.to_domain().deductions}  # type: ignore[union-attr]
    for key, count in deductions.items():
        if key not in known:
            raise ValidationError(_("测评体系中没有减分项目“%(key)s”。") % {"key": key})
        if not isinstance(count, int) or count < 0:
            raise ValidationError(_("减分项目“%(key)s”的次数应为非负整数。") % {"key": key})
    with transaction.atomic():
        standing = Standing.objects.select_for_update().filter(application=application).first()
        before = None
        if standing is None:
            standing = Standing(application=application)
        else:
            before = snapshot(standing, ["preference", "deductions", "note"])
        standing.preference = preference
        standing.deductions = deductions
        standing.note = note
        standing.updated_by = acting_user
        standing.save()
        audit_record(
            actor=acting_user,
            action="assessment.standing_set",
            obj=application,
            before=before,
            after=snapshot(standing, ["preference", "deductions", "note"]),
        )
    return standing
