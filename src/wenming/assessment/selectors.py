"""Reads that need thought: the assignment board, the sampling table, the assessor's list
and the marking sheet, each in a fixed number of queries."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from wenming.accounts.models import User
from wenming.accounts.scopes import scope_of
from wenming.campaigns.models import Application, Award
from wenming.domain import sampling

from .inputs import round_inputs
from .models import Assignment, Group, Mark, Round
from .population import counties_of
from .services.rounds import ratio_for
from .sheet import mark_slots


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
        framework = assignment.application.award.framework.to_domain()
        rows.append(MyRow(assignment, assignment.done, mark_slots(framework)))  # type: ignore[attr-defined,arg-type]
    return rows
