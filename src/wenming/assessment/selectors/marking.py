"""Reads that need thought: the assignment board, the sampling table, the assessor's list
and the marking sheet, each in a fixed number of queries."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.campaigns.models import Application, Award, Campaign
from wenming.domain import sampling
from wenming.domain.frameworks import Framework
from wenming.domain.scoring.facts import QuestionnaireResult
from wenming.registry.scopes import scope_of
from wenming.visits.models import Group, GroupMember

from ..inputs import round_inputs
from ..messages import CONDITION_LABELS
from ..models import (
    Assignment,
    DeductionRecord,
    Mark,
    MarkSetWaiver,
    QuestionnaireResponse,
    RankingVersion,
    Round,
    SampleEntry,
    Standing,
)
from ..population import ASSESSABLE, SCORED, counties_of, ratio_for
from ..sheet import mark_slots
from ..thresholds import questionnaire_results


def rounds_for(user: User) -> QuerySet[Round]:
    """The rounds a user manages (the running office) or has a group in (an assessor)."""
    scope = scope_of(user)
    qs = Round.objects.select_related("campaign")
    if scope.is_admin:
        return qs
    q = Q(groups__members__user=user)
    for path in scope.office_paths:
        q |= Q(campaign__office__path__startswith=path)
    return qs.filter(q).distinct()


def assignments_for(user: User) -> QuerySet[Assignment]:
    """Assignments a user sees: its groups' (an assessor), its campaigns' (the office)."""
    scope = scope_of(user)
    qs = Assignment.objects.all()
    if scope.is_admin:
        return qs
    q = Q(group__members__user=user)
    for path in scope.office_paths:
        q |= Q(round__campaign__office__path__startswith=path)
    return qs.filter(q).distinct()


@dataclass
class BoardRow:
    assignment: Assignment
    conflicts: list[str]  # reasons, when the current placement breaks a declared conflict


@dataclass
class BoardColumn:
    group: Group
    rows: list[BoardRow] = field(default_factory=list)

    @property
    def load(self) -> int:
        return len(self.rows)


@dataclass
class Board:
    columns: list[BoardColumn]
    unassigned: list[Application]
    conflict_count: int
    marked: set[int]  # application ids that already have marks in the round

    @property
    def assigned(self) -> int:
        return sum(column.load for column in self.columns)


def board(round_: Round) -> Board:
    inputs = round_inputs(round_)
    columns = {g.pk: BoardColumn(g) for g in inputs.groups}
    placed = set()
    assignments = Assignment.objects.filter(round=round_).select_related(
        "application__organization__region", "application__award"
    )
    flagged = 0
    for assignment in assignments:
        key = (str(assignment.group_id), str(assignment.application_id))
        reasons = inputs.conflict_reasons.get(key, [])
        flagged += bool(reasons)
        columns[assignment.group_id].rows.append(BoardRow(assignment, reasons))
        placed.add(assignment.application_id)
    unassigned = [a for a in inputs.applications if a.pk not in placed]
    marked = set(
        Mark.objects.filter(round=round_).values_list("application_id", flat=True).distinct()
    )
    return Board(list(columns.values()), unassigned, flagged, marked)


@dataclass
class StratumRow:
    key: str
    label: str
    ratio: Any
    population: int
    size: int
    chosen: list[str]


def stratum_labels(round_: Round) -> dict[str, str]:
    """A readable name for every possible stratum key of the round's campaign."""
    awards = {f"award:{a.pk}": a.label for a in Award.objects.filter(campaign=round_.campaign)}
    counties = {f"county:{r.pk}": r.name for r in counties_of(round_.campaign).by_code.values()}
    counties["county:0"] = round_.campaign.office.name
    return awards | counties


def label_of(key: str, labels: dict[str, str]) -> str:
    return " · ".join(labels.get(part, part) for part in key.split("/"))


def sample_table(round_: Round, drawn: sampling.Sample | None) -> list[StratumRow]:
    if drawn is None:
        return []
    labels = stratum_labels(round_)
    names = dict(
        Application.objects.filter(pk__in=[int(i) for i in drawn.chosen]).values_list(
            "pk", "organization__name"
        )
    )
    return [
        StratumRow(
            s.key,
            label_of(s.key, labels),
            ratio_for(round_, s.key),
            s.population,
            s.size,
            [names.get(int(i), i) for i in s.chosen],
        )
        for s in drawn.strata
    ]


@dataclass
class MyRow:
    assignment: Assignment
    done: int
    total: int


def my_assignments(user: User) -> list[MyRow]:
    """The applicants assigned to the user's groups, with how far the user has marked."""
    mine = Mark.objects.filter(
        round_id=OuterRef("round_id"),
        application_id=OuterRef("application_id"),
        assessor=user,
    )
    qs = (
        Assignment.objects.filter(group__members__user=user)
        .select_related(
            "round__campaign", "group", "application__organization", "application__award__framework"
        )
        .annotate(
            done=Coalesce(
                Subquery(mine.values("assessor").annotate(n=Count("pk")).values("n")[:1]),
                0,
            )
        )
        .order_by("-round__campaign_id", "round_id", "application__organization__name")
    )
    rows = []
    for assignment in qs:
        framework = assignment.application.award.framework.to_framework()
        rows.append(MyRow(assignment, assignment.done, mark_slots(framework)))
    return rows


# --- Mark sets: who still has marks to give, per round (the stage gate, the waiver page,
# the warnings before ranking and the assessor's 待办 read them) ---------------------------


@dataclass(frozen=True)
class MarkSet:
    """One assessor's marks for one applicant in one round: ``done`` of ``total`` slots."""

    round: Round
    application: Application
    assessor: User
    done: int
    total: int
    waiver: MarkSetWaiver | None = None

    @property
    def complete(self) -> bool:
        return self.done >= self.total

    @property
    def label(self) -> str:
        """ "applicant · assessor · round", as the stage gate names a missing mark set."""
        return " · ".join([self.application.organization.name, str(self.assessor), self.round.name])


@dataclass
class MarkProgress:
    rounds: list[Round]
    applications: list[Application]  # recommended or assessed, by name
    # (round, application) pairs of a round's scope with no assignment
    unassigned: list[tuple[Round, Application]]
    # every mark set still incomplete, waived or not, by round then applicant
    incomplete: list[MarkSet]

    @property
    def missing(self) -> list[MarkSet]:
        """The incomplete mark sets with no reason recorded: what stops the stage."""
        return [m for m in self.incomplete if m.waiver is None]

    @property
    def waived(self) -> list[MarkSet]:
        return [m for m in self.incomplete if m.waiver is not None]


def _slots(application: Application, memo: dict[int, int]) -> int:
    framework = application.award.framework
    if framework.pk not in memo:
        domain = framework.to_domain()
        memo[framework.pk] = mark_slots(domain) if isinstance(domain, Framework) else 0
    return memo[framework.pk]


def mark_progress(campaign: Campaign) -> MarkProgress:
    """Every round's scope, its unassigned applicants and its incomplete mark sets.

    A round's scope is every recommended or assessed applicant, or for a sampled round
    its drawn sample (all candidates while the sample is not drawn, so that an undrawn
    sample holds the stage). A mark set is complete when the assessor gave every slot of
    the application's marking sheet (each markable clause by each of its methods);
    ``mark_save`` admits only those slots, so counting the assessor's marks is enough.
    Eight queries whatever the number of applicants, assignments and marks.
    """
    rounds = list(Round.objects.filter(campaign=campaign).order_by("id"))
    # The few awards (with their frameworks) read once and shared: joined into every
    # application row, each of tens of thousands of rows would carry and parse its
    # framework's whole document.
    awards = Award.objects.filter(campaign=campaign).select_related("framework").in_bulk()
    apps = {}
    for a in (
        Application.objects.filter(SCORED, campaign=campaign, status__in=ASSESSABLE)
        .select_related("organization")
        .order_by("organization__name", "pk")
    ):
        a.award = awards[a.award_id]
        apps[a.pk] = a
    sampled: dict[int, set[int]] = {}
    for round_id, app_id in SampleEntry.objects.filter(round__campaign=campaign).values_list(
        "round_id", "application_id"
    ):
        sampled.setdefault(round_id, set()).add(app_id)
    assigned: dict[tuple[int, int], int] = {
        (r, a): g
        for r, a, g in Assignment.objects.filter(round__campaign=campaign).values_list(
            "round_id", "application_id", "group_id"
        )
    }
    members: dict[int, list[User]] = {}
    for member in (
        GroupMember.objects.filter(group__round__campaign=campaign)
        .select_related("user")
        .order_by("group_id", "-is_leader", "id")
    ):
        members.setdefault(member.group_id, []).append(member.user)
    done = {
        (row["round_id"], row["application_id"], row["assessor_id"]): row["n"]
        for row in Mark.objects.filter(round__campaign=campaign)
        .values("round_id", "application_id", "assessor_id")
        .annotate(n=Count("pk"))
        .order_by()
    }
    waivers = {
        (w.round_id, w.application_id, w.assessor_id): w
        for w in MarkSetWaiver.objects.filter(round__campaign=campaign).select_related(
            "recorded_by"
        )
    }
    memo: dict[int, int] = {}
    unassigned: list[tuple[Round, Application]] = []
    incomplete: list[MarkSet] = []
    for round_ in rounds:
        scope = sampled.get(round_.pk, set()) if round_.sampled and round_.seed else None
        for application in apps.values():
            if scope is not None and application.pk not in scope:
                continue
            group_id = assigned.get((round_.pk, application.pk))
            if group_id is None:
                unassigned.append((round_, application))
                continue
            total = _slots(application, memo)
            for user in members.get(group_id, []):
                key = (round_.pk, application.pk, user.pk)
                given = done.get(key, 0)
                if given < total:
                    incomplete.append(
                        MarkSet(round_, application, user, given, total, waivers.get(key))
                    )
    return MarkProgress(rounds, list(apps.values()), unassigned, incomplete)


# --- Warnings before ranking ------------------------------------------------------------


@dataclass
class Gap:
    """One applicant and what it lacks for the ranking, in words."""

    application: Application
    lines: list[str] = field(default_factory=list)


@dataclass
class RankingWarnings:
    incomplete: list[Gap]
    not_computable: list[Gap]

    def __bool__(self) -> bool:
        return bool(self.incomplete or self.not_computable)


def ranking_warnings(campaign: Campaign) -> RankingWarnings:
    """What the office should know before it ranks: applicants whose marks are incomplete
    (unassigned in a round, or an assessor's marks missing, reason recorded or not), and
    those whose questionnaire-based criteria cannot be computed (no respondents).
    A fixed number of queries (those of ``mark_progress`` and one more)."""
    progress = mark_progress(campaign)
    answers = questionnaire_results(campaign_id=campaign.pk)
    order = sorted(_incomplete(progress), key=lambda w: w.application.organization.name)
    return RankingWarnings(order, _not_computable(progress, answers))


def _incomplete(progress: MarkProgress) -> list[Gap]:
    # The formats translated once, not once per line: a province has tens of thousands.
    unassigned = _("%(round)s：未分配考核组")
    partial = _("%(round)s：%(who)s 已评 %(done)s / %(total)s 项")
    waived = _("（已登记缺评原因：%(reason)s）")
    names = {r.pk: str(r.name) for r in progress.rounds}
    gaps: dict[int, Gap] = {}
    for round_, application in progress.unassigned:
        line = unassigned % {"round": names[round_.pk]}
        gaps.setdefault(application.pk, Gap(application)).lines.append(line)
    for mark_set in progress.incomplete:
        line = partial % {
            "round": names[mark_set.round.pk],
            "who": mark_set.assessor,
            "done": mark_set.done,
            "total": mark_set.total,
        }
        if mark_set.waiver is not None:
            line += waived % {"reason": mark_set.waiver.reason}
        gaps.setdefault(mark_set.application.pk, Gap(mark_set.application)).lines.append(line)
    return list(gaps.values())


def _not_computable(
    progress: MarkProgress, answers: dict[int, dict[str, QuestionnaireResult]]
) -> list[Gap]:
    """Applicants with a threshold criterion reading a questionnaire nobody answered. The
    lines depend only on the framework and which questionnaires were answered, so they
    are worded once per such pair."""
    fmt = _("第 %(n)s 条（%(what)s）：问卷无人作答，无法计算")
    memo: dict[tuple[int, frozenset[str]], list[str]] = {}
    gaps = []
    for application in progress.applications:
        framework_row = application.award.framework
        answered = frozenset(answers.get(application.pk, {}))
        key = (framework_row.pk, answered)
        if key not in memo:
            memo[key] = [
                fmt % {"n": rule.criterion, "what": "、".join(lacking)}
                for rule in framework_row.to_framework().thresholds
                if (
                    lacking := [
                        str(CONDITION_LABELS.get(c.questionnaire, c.questionnaire))
                        for c in rule.conditions
                        if c.questionnaire and c.questionnaire not in answered
                    ]
                )
            ]
        if memo[key]:
            gaps.append(Gap(application, list(memo[key])))
    return gaps


def ranking_is_current(campaign: Campaign) -> bool:
    """Whether a ranking exists and its current version was computed after the last
    change that moves it: a mark, a waiver, a deduction, a preference (``Standing``), a
    questionnaire answer, a round's setting (``Round.settings_changed_at``).

    True when the campaign has nothing to rank. One query."""

    def latest(qs: QuerySet[Any], field_name: str) -> Subquery:
        return Subquery(qs.order_by(f"-{field_name}").values(field_name)[:1])

    row = (
        Campaign.objects.filter(pk=campaign.pk)
        .annotate(
            anyone=Exists(
                Application.objects.filter(SCORED, campaign=OuterRef("pk"), status__in=ASSESSABLE)
            ),
            computed=Subquery(
                RankingVersion.objects.filter(campaign=OuterRef("pk"))
                .order_by("-number")
                .values("computed_at")[:1]
            ),
            mark=latest(Mark.objects.filter(round__campaign=OuterRef("pk")), "updated_at"),
            waiver=latest(
                MarkSetWaiver.objects.filter(round__campaign=OuterRef("pk")), "recorded_at"
            ),
            deduction=latest(
                DeductionRecord.objects.filter(application__campaign=OuterRef("pk")),
                "recorded_at",
            ),
            standing=latest(
                Standing.objects.filter(application__campaign=OuterRef("pk")), "updated_at"
            ),
            answer=latest(
                QuestionnaireResponse.objects.filter(
                    questionnaire__application__campaign=OuterRef("pk")
                ),
                "answered_at",
            ),
            setting=latest(
                Round.objects.filter(campaign=OuterRef("pk"), settings_changed_at__isnull=False),
                "settings_changed_at",
            ),
        )
        .values(
            "anyone", "computed", "mark", "waiver", "deduction", "standing", "answer", "setting"
        )
        .get()
    )
    if not row["anyone"]:
        return True
    if row["computed"] is None:
        return False
    moments = (
        row["mark"],
        row["waiver"],
        row["deduction"],
        row["standing"],
        row["answer"],
        row["setting"],
    )
    changes = [at for at in moments if at is not None]
    return all(at <= row["computed"] for at in changes)
