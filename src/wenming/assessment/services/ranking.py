"""Ranking: the campaign's applicants per award, from ``domain.ranking.rank``, in versions.

The database gathers the per-clause figures of the marks (``ranking_sql``); everything
else an application brings (its form's statistics, questionnaire rates, confirmed bonus
claims, recorded deductions, the preference of docs/rules.md#ranking) is read here in a
fixed number of queries, and the domain function computes totals, breakdowns and ranks.
A round that normalizes its assessors' marks (``Round.normalize_marks``) is the one
exception to the SQL aggregate: its marks are read one by one, normalized
(``domain.normalization``) and turned into figures here; the plain path is unchanged.
``ranked_in_memory`` ranks the same way without writing anything (the what-if).

Versions: the first ranking is version 1; recomputing rewrites the current version while
it is not frozen. ``ranking_freeze`` freezes it when assessment closes and screening
takes it. A re-rank after that needs a reason and makes a new version; the rows of
applications that have moved on (screened, published, approved, named, vetoed …) are
copied into it unchanged and never rewritten. Ranked applications still RECOMMENDED move
to ASSESSED through ``application_move``; an application without a single mark is not
ranked and does not move.
"""

import gc
import heapq
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby
from operator import itemgetter
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record, snapshot
from wenming.campaigns.models import Application, Award, Campaign
from wenming.campaigns.services import APPLICATION_FIELDS, application_move
from wenming.domain.application_states import Action, State
from wenming.domain.ranking import (
    RANK_PLACES,
    Applicant,
    MarkKey,
    Ranker,
)
from wenming.domain.ranking import Ranked as DomainRanked
from wenming.domain.scoring import Aggregation, QuestionnaireResult
from wenming.domain.scoring import BonusClaim as ClaimFact
from wenming.domain.titles import AssessmentMode
from wenming.registry.models import Organization

from .. import ranking_sql
from ..models import RankingResult, RankingVersion, Round, Standing
from ..population import ASSESSABLE, SCORED
from ..selectors.ranking import (
    NormalizedFigures,
    confirmed_claims,
    coverage,
    covering,
    current,
    deduction_counts,
    normalized_figures,
    round_settings,
)
from ..thresholds import questionnaire_results, statistics_of


@dataclass(frozen=True)
class Ranked:
    ranked: int
    assessed: int  # applications moved from RECOMMENDED to ASSESSED by this run
    version: int = 0
    carried: int = 0  # rows of applications already screened, copied unchanged


def _q(value: Decimal) -> Decimal:
    return value.quantize(RANK_PLACES, rounding=ROUND_HALF_UP)


# --- compute ------------------------------------------------------------------------------

#: The marks of one application's groups of five or more, where a median needs them.
Marks = dict[MarkKey, list[int]]

#: The columns ``_write`` fills, in order.
COLUMNS = (
    "version_id", "carried", "tie_rule", "campaign_id", "award_id", "application_id",
    "criteria_total", "threshold_total", "bonus_total", "deduction_total", "total",
    "preference", "rounds", "name", "name_order", "rank", "computed_at",
)  # fmt: skip


#: One assessable application as the run reads it: award, name, form, preference.
AppFacts = tuple[int, str, dict[str, Any], int]


@dataclass
class _Run:
    """What one ranking run reads before it scores: the rounds, each assessable
    application's own facts, and a ranker per award that keeps only totals."""

    rounds: list[Round]
    apps: dict[int, AppFacts]
    covered: dict[int, tuple[int, ...]] | None  # per application, once a round is sampled
    medians: set[int]  # the rounds that take a median
    answers: dict[int, dict[str, QuestionnaireResult]]
    claims: dict[int, list[ClaimFact]]
    deductions: dict[int, dict[str, int]]
    rankers: dict[int, Ranker]

    def add(self, pk: int, figures: Sequence[tuple[Any, ...]], marks: Marks) -> None:
        """Score one application as its figures arrive (``Ranker.add``)."""
        award_id, name, form, preference = self.apps[pk]
        every = tuple(r.pk for r in self.rounds)
        self.rankers[award_id].add(
            Applicant(
                pk,
                name,
                self.covered[pk] if self.covered is not None else every,
                figures,
                statistics_of(form),
                self.answers.get(pk, {}),
                tuple(self.claims.get(pk, ())),
                self.deductions.get(pk, {}),
                preference,
                marks,
            )
        )


def _read_run(campaign: Campaign, rounds: list[Round] | None = None) -> _Run:
    """Everything the run needs besides the figures, in a fixed number of queries.

    ``rounds`` (default: the campaign's, read here) may be copies with other settings:
    the what-if ranks with them, in memory."""
    if rounds is None:
        rounds = list(Round.objects.filter(campaign=campaign).order_by("id"))
    settings = round_settings(rounds)
    sampled = coverage(rounds)
    assessable = Application.objects.filter(SCORED, campaign=campaign, status__in=ASSESSABLE)
    apps = {
        pk: (award_id, name, form, preference or 0)
        for pk, award_id, name, form, preference in assessable.values_list(
            "pk", "award_id", "organization__name", "form", "standing__preference"
        )
    }
    ids = assessable.values("pk")
    return _Run(
        rounds=rounds,
        apps=apps,
        covered={pk: covering(rounds, sampled, pk) for pk in apps} if sampled else None,
        medians={
            r.pk for r in rounds if r.aggregation == Aggregation.MEDIAN and not r.normalize_marks
        },
        answers=questionnaire_results(campaign_id=campaign.pk),
        claims=confirmed_claims(ids),
        deductions=deduction_counts(ids),
        rankers={
            award.pk: Ranker(award.framework.to_framework(), settings)
            for award in campaign.awards.filter(assessment=AssessmentMode.SCORED).select_related(
                "framework"
            )
        },
    )


def _normalized(run: _Run) -> NormalizedFigures:
    """The figures and marks of the rounds that normalize their marks (none: empty)."""
    normalizing = [r.pk for r in run.rounds if r.normalize_marks]
    if not normalizing:
        return {}, {}
    cents = {award_id: ranker.cents for award_id, ranker in run.rankers.items()}
    return normalized_figures(normalizing, cents)


def _score(run: _Run) -> None:
    """Stream the figures in application order and score each application; those whose
    groups of five or more take a median wait for their marks until the stream is over.
    A round that normalizes its marks is left out of the stream: its figures come from
    its normalized marks (``_normalized``), added to each application's."""
    no_marks: Marks = {}
    done: set[int] = set()
    deferred: list[list[tuple[Any, ...]]] = []
    extra, extra_marks = _normalized(run)
    for pk, figures in _by_application([r.pk for r in run.rounds if not r.normalize_marks]):
        if pk not in run.apps:
            continue  # an application that has moved on keeps its row
        done.add(pk)
        if extra:
            figures += extra.get(pk, ())
            if pk in extra_marks:
                run.add(pk, figures, extra_marks[pk] | _sql_marks(run, pk, figures))
                continue
        if run.medians and any(f[4] >= 5 and f[1] in run.medians for f in figures):
            deferred.append(figures)
            continue
        run.add(pk, figures, no_marks)
    if deferred:
        marks = ranking_sql.marks(sorted(run.medians), [f[0][0] for f in deferred])
        for figures in deferred:
            pk = figures[0][0]
            mine = {(r, c, m): p for (a, r, c, m), p in marks.items() if a == pk}
            run.add(pk, figures, mine)
    for pk in run.apps.keys() - done:
        run.add(pk, extra.get(pk, ()), extra_marks.get(pk, no_marks))


def _by_application(round_ids: Sequence[int]) -> Iterator[tuple[int, list[tuple[Any, ...]]]]:
    """Each application's figures of the given rounds, in application order, its rounds
    in id order (the order one statement over all the rounds would give).

    One statement per round: each streams from the marks index in application order,
    whereas one statement over several rounds sorts all their groups first, which took
    twice as long as reading them. The per-round streams are merged here application by
    application (``heapq.merge`` is stable: on a tie the earlier round comes first)."""
    if len(round_ids) <= 1:
        for pk, group in groupby(ranking_sql.figures(round_ids), key=itemgetter(0)):
            yield pk, list(group)
        return
    streams = [_groups(ranking_sql.figures([r])) for r in sorted(round_ids)]
    merged = heapq.merge(*streams, key=itemgetter(0))
    for pk, parts in groupby(merged, key=itemgetter(0)):
        yield pk, [row for _, rows in parts for row in rows]


def _groups(rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[int, list[tuple[Any, ...]]]]:
    for pk, group in groupby(rows, key=itemgetter(0)):
        yield pk, list(group)


def _sql_marks(run: _Run, pk: int, figures: Sequence[tuple[Any, ...]]) -> Marks:
    """One application's marks of its plain median rounds, where a median of five or
    more needs them (an application that also has a normalizing round's figures)."""
    if not run.medians or not any(f[4] >= 5 and f[1] in run.medians for f in figures):
        return {}
    marks = ranking_sql.marks(sorted(run.medians), [pk])
    return {(r, c, m): p for (_, r, c, m), p in marks.items()}


def _result_rows(
    run: _Run, campaign: Campaign, version: RankingVersion, now: datetime
) -> list[tuple[Any, ...]]:
    """The scored rankers' entries as plain tuples in ``COLUMNS`` order."""
    order = {name: i for i, name in enumerate(sorted({row[1] for row in run.apps.values()}))}
    rows = []
    for award_id, ranker in run.rankers.items():
        for entry in ranker.result():
            rows.append(
                (
                    version.pk, False, entry.decided_by.value if entry.decided_by else "",
                    campaign.pk, award_id, entry.key,
                    _q(entry.criteria_total), _q(entry.threshold_total), _q(entry.bonus_total),
                    _q(entry.deduction_total), _q(entry.total),
                    entry.preference, len(entry.rounds), entry.name[:200], order[entry.name],
                    entry.rank, now,
                )
            )  # fmt: skip
    return rows


def _compute_rows(
    campaign: Campaign, version: RankingVersion, now: datetime, tell: Callable[[str], None]
) -> list[tuple[Any, ...]]:
    """Every assessable application's result row, as plain tuples in ``COLUMNS`` order.

    The figures stream from the database in application order; each application is
    scored as its figures arrive and only its totals are kept."""
    run = _read_run(campaign)
    tell("scoring")
    _score(run)
    return _result_rows(run, campaign, version, now)


def ranked_in_memory(
    campaign: Campaign, rounds: list[Round] | None = None
) -> dict[int, tuple[DomainRanked, ...]]:
    """Per award, its applicants ranked as ``ranking_compute`` would rank them, with
    ``rounds``' settings (copies with other weights, aggregations or normalization may
    be given), without writing anything: the what-if."""
    with _collector_paused():
        run = _read_run(campaign, rounds)
        _score(run)
    return {award_id: ranker.result() for award_id, ranker in run.rankers.items()}


def _write(rows: list[tuple[Any, ...]]) -> None:
    """Insert the result rows in one go: COPY on PostgreSQL, executemany elsewhere."""
    if not rows:
        return
    table = RankingResult._meta.db_table
    columns = ", ".join(COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        ops = connection.ops
        marks = ", ".join(["%s"] * len(COLUMNS))
        at = ops.adapt_datetimefield_value(rows[0][-1])
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608  (names and placeholders are constants)
            [
                (*row[:6], *(ops.adapt_decimalfield_value(v, 10, 4) for v in row[6:11]),
                 *row[11:-1], at)
                for row in rows
            ],
        )  # fmt: skip


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
    """Move the ranked applications still RECOMMENDED to ASSESSED, each audited, in one
    ``application_move`` (one UPDATE, one batch of audit events).

    Tens of thousands move at once, so the instances are built from plain rows with only
    what the move and its audit event read (the fields it records; the organization's
    name and the award, which name the application): each award once, not once per
    application as ``select_related`` would."""
    ranked = RankingResult.objects.filter(version=version, rank__isnull=False, carried=False)
    awards = {award.pk: award for award in Award.objects.filter(campaign_id=version.campaign_id)}
    alias = connection.alias
    moving = []
    for *fields, organization_name in Application.objects.filter(
        pk__in=ranked.values("application_id"), status=State.RECOMMENDED
    ).values_list(*_MOVED, "organization__name"):
        application = Application.from_db(alias, _MOVED, fields)
        application.organization = Organization.from_db(
            alias, _ORGANIZATION, (application.organization_id, organization_name)
        )
        application.award = awards[application.award_id]
        moving.append(application)
    application_move(acting_user=acting_user, applications=moving, action=Action.ASSESS)
    return len(moving)


def _in_field_order(model: type[Model], names: set[str]) -> tuple[str, ...]:
    # ``from_db`` takes the values of a subset of fields in the model's field order.
    return tuple(f.attname for f in model._meta.concrete_fields if f.attname in names)


#: What ``_assess`` reads of each application it moves, and of its organization.
_MOVED = _in_field_order(
    Application, {"id", "campaign_id", "award_id", "organization_id", *APPLICATION_FIELDS}
)
_ORGANIZATION = _in_field_order(Organization, {"id", "name"})


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for one ranking run.

    A run makes millions of short-lived tuples and keeps tens of thousands of rows, model
    instances and audit payloads until it ends; every few thousand allocations the
    collector would walk that whole growing heap again, which made the run's time grow
    faster than its size (a first run of 5,000 applications spent more time collecting
    than ranking). Nothing the run makes forms a cycle, so reference counting frees it
    all the same; the collector is back, as it was, when the run ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def ranking_compute(
    *,
    acting_user: User,
    campaign: Campaign,
    reason: str = "",
    progress: Callable[[str], None] | None = None,
) -> Ranked:
    """Rank the campaign's applicants per award from every round's marks, and store it.

    While the current version is not frozen it is recomputed in place; once frozen, a
    reason is required and a new version is made. ``progress`` (the task worker's) is
    told each phase as it starts: reading, scoring, writing, moving."""
    require_perm(acting_user, "campaigns.manage_campaign", campaign)
    reason = (reason or "").strip()
    tell = progress or (lambda phase: None)
    tell("reading")
    now = timezone.now()
    with _collector_paused(), transaction.atomic():
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
        rows = _compute_rows(campaign, version, now, tell)
        tell("writing")
        _write(rows)
        ranked = sum(1 for r in rows if r[15] is not None)
        tell("moving")
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
    require_perm(acting_user, "campaigns.manage_campaign", campaign)
    with transaction.atomic():
        if current(campaign) is None:
            ranking_compute(acting_user=acting_user, campaign=campaign)
        version = (
            RankingVersion.objects.select_for_update().filter(campaign=campaign).latest("number")
        )
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
    """Set the preference (0–3, docs/rules.md#ranking) the office decides for an applicant."""
    require_perm(acting_user, "campaigns.manage_campaign", application.campaign)
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
