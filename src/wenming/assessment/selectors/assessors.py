"""The assessors of a round compared (docs/rules.md#assessor-comparison): each assessor's
severity, and the clauses where the assessors of an applicant disagree, with the clause's
text and every mark. Also one application's disputed clauses, for its breakdown.

Reads in a fixed number of queries whatever the number of marks: the marks (with their
assessors and applicants), their framework versions, and, for the round's page, the
round's group members and the assessors' roles. The figures come from
``wenming.domain.assessors``; a clause's points and text come from the framework version
the marks were given against.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from wenming.accounts.models import RoleAssignment, User
from wenming.campaigns.models import Application
from wenming.domain import assessors as domain
from wenming.frameworks.models import Framework
from wenming.visits.models import GroupMember

from ..models import Mark, MarkMethod, Round
from ..sheet import SheetClause, sheet


@dataclass(frozen=True)
class AssessorRow:
    """One assessor as the page shows it."""

    user: User
    groups: list[str]  # the round's groups it sits in, with their home county
    scope: str  # the regions, bodies or organizations of its other roles
    severity: domain.Severity


@dataclass(frozen=True)
class DisputedClause:
    """One disputed (clause, method) of an applicant."""

    key: str
    text: str
    method: str  # the method's label
    marks: list[tuple[str, Decimal]]  # (assessor's name, mark), by name
    spread: domain.Spread


@dataclass
class ApplicantDisputes:
    application: Application
    clauses: list[DisputedClause] = field(default_factory=list)


@dataclass(frozen=True)
class RoundComparison:
    round: Round
    assessors: list[AssessorRow]
    applicants: list[ApplicantDisputes]  # only applicants with a disputed clause
    cells: int  # (applicant, clause, method) marked at all
    disputed: int


def _name(user: User) -> str:
    return user.display_name or user.get_username()


#: A clause of a marking sheet with its place on the sheet.
Placed = tuple[int, SheetClause]
#: A cell's key: application, clause, method.
CellKey = tuple[int, str, str]


def _sheets(marks: Iterable[Mark]) -> dict[int, dict[str, Placed]]:
    """The marking sheet of every framework version the marks were given against."""
    ids = {m.framework_id for m in marks}
    return {
        f.pk: {key: (i, entry) for i, (key, entry) in enumerate(sheet(f.to_framework()).items())}
        for f in Framework.objects.filter(pk__in=ids)
    }


def _cells(
    marks: list[Mark], sheets: dict[int, dict[str, Placed]]
) -> tuple[list[domain.Cell], dict[CellKey, Placed]]:
    """The marks as the domain's cells, in the marks' order, and each cell's clause. A mark
    on a clause its framework no longer marks compares with nothing and is left out; a
    cell's clause comes from the framework of its first mark."""
    grouped: dict[CellKey, dict[int, Decimal]] = {}
    clauses: dict[CellKey, Placed] = {}
    for mark in marks:
        entry = sheets.get(mark.framework_id, {}).get(mark.clause_key)
        if entry is None:
            continue
        key = (mark.application_id, mark.clause_key, mark.method)
        clauses.setdefault(key, entry)
        grouped.setdefault(key, {})[mark.assessor_id] = mark.points
    cells = [
        domain.Cell(app, clause, method, clauses[(app, clause, method)][1].clause.points, given)
        for (app, clause, method), given in grouped.items()
    ]
    return cells, clauses


def _scopes(users: Iterable[int]) -> dict[int, str]:
    """Where each user works: the regions, bodies and organizations of its roles (the
    assessor role itself has no scope; one query)."""
    roles = RoleAssignment.objects.filter(user_id__in=set(users))
    out: dict[int, list[str]] = defaultdict(list)
    for role in roles.select_related("region", "body", "organization").order_by("id"):
        place = role.organization or role.body or role.region
        if place is not None:
            out[role.user_id].append(place.name)
    return {user: "、".join(dict.fromkeys(names)) for user, names in out.items()}


def _groups(round_: Round) -> dict[int, list[str]]:
    """The groups of the round each member sits in, named with their home county."""
    members = GroupMember.objects.filter(group__round=round_).select_related("group__home_county")
    out: dict[int, list[str]] = defaultdict(list)
    for member in members.order_by("group__phase", "group__name", "id"):
        group = member.group
        county = group.home_county
        out[member.user_id].append(f"{group.name}（{county.name}）" if county else group.name)
    return out


def _disputes(
    spreads: Iterable[domain.Spread],
    clauses: dict[CellKey, Placed],
    names: dict[int, str],
) -> dict[int, list[DisputedClause]]:
    """The disputed clauses by application, in the sheet's order of clauses."""
    labels = dict(MarkMethod.choices)
    out: dict[int, list[DisputedClause]] = defaultdict(list)

    def place(s: domain.Spread) -> tuple[int, str]:
        return clauses[(s.cell.application, s.cell.clause, s.cell.method)][0], s.cell.method

    for s in sorted((s for s in spreads if s.disputed), key=place):
        c = s.cell
        entry = clauses[(c.application, c.clause, c.method)][1]
        marks = sorted(((names[a], m) for a, m in c.marks.items()), key=lambda x: x[0])
        out[c.application].append(
            DisputedClause(
                c.clause, entry.clause.text, str(labels.get(c.method, c.method)), marks, s
            )
        )
    return out


def comparison(round_: Round) -> RoundComparison:
    """The round's assessors and disputed clauses (four queries)."""
    marks = list(
        Mark.objects.filter(round=round_)
        .select_related("assessor", "application__organization")
        .order_by("application__organization__name", "application_id", "id")
    )
    cells, clauses = _cells(marks, _sheets(marks))
    result = domain.compare(cells, round_.disagreement_margin)
    users = {m.assessor_id: m.assessor for m in marks}
    # Assessors who gave a mark on a clause the framework does not mark still show.
    counts: dict[int, int] = defaultdict(int)
    for m in marks:
        counts[m.assessor_id] += 1
    groups, scopes = _groups(round_), _scopes(users)
    rows = []
    for pk, user in users.items():
        severity = result.severities.get(pk) or domain.Severity(pk, counts[pk], 0, None, None)
        rows.append(AssessorRow(user, groups.get(pk, []), scopes.get(pk, ""), severity))
    rows.sort(key=lambda r: (r.severity.points is None, r.severity.points or 0, _name(r.user)))
    names = {pk: _name(u) for pk, u in users.items()}
    by_app = _disputes(result.spreads, clauses, names)
    applications = {m.application_id: m.application for m in marks}
    # In the marks' order: by the applicants' names.
    applicants = [
        ApplicantDisputes(a, by_app[pk]) for pk, a in applications.items() if pk in by_app
    ]
    return RoundComparison(round_, rows, applicants, len(cells), len(result.disputed))


@dataclass(frozen=True)
class ClauseDispute:
    """A disputed clause of one application in one round: its widest method's spread."""

    spread: Decimal
    limit: Decimal
    methods: int  # how many of its methods are disputed


def application_disputes(application: Application) -> dict[int, dict[str, ClauseDispute]]:
    """One application's disputed clauses, by round id and clause key (two queries)."""
    marks = list(
        Mark.objects.filter(application=application).select_related("round").order_by("id")
    )
    sheets = _sheets(marks)
    by_round: dict[int, list[Mark]] = defaultdict(list)
    for mark in marks:
        by_round[mark.round_id].append(mark)
    out: dict[int, dict[str, ClauseDispute]] = {}
    for round_id, given in by_round.items():
        cells, _clauses = _cells(given, sheets)
        margin = given[0].round.disagreement_margin
        disputed: dict[str, list[domain.Spread]] = defaultdict(list)
        for s in (domain.spread(c, margin) for c in cells):
            if s.disputed:
                disputed[s.cell.clause].append(s)
        out[round_id] = {
            key: ClauseDispute(widest.spread, widest.limit, len(found))
            for key, found in disputed.items()
            for widest in [max(found, key=lambda s: s.spread)]
        }
    return out
