"""Reads for supervision pages, API and bulletins, each a fixed number of queries."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import Role, RoleAssignment, User
from wenming.domain.frameworks import CompositeFramework, RosterComponent
from wenming.domain.review import (
    ItemState,
    LeagueRules,
    RewardRule,
    Scored,
    league_table,
    rank_by_class,
    self_assessment_due,
    split_fund,
)
from wenming.domain.scoring import quantize2
from wenming.domain.titles import Level, TitleStatus
from wenming.frameworks.models import Framework, FrameworkKind, FrameworkStatus
from wenming.registry.models import Organization, Title
from wenming.registry.scopes import scope_of
from wenming.visits.models import Group
from wenming.visits.selectors import owner_of

from .models import (
    DutyRecord,
    Notice,
    Review,
    ReviewEntry,
    SelfAssessment,
    SupervisionItem,
)
from .presenting import class_heading


def _office_q(user: User, prefix: str) -> Q:
    scope = scope_of(user)
    q = Q(pk__in=[])
    for path in scope.office_paths:
        q |= Q(**{f"{prefix}path__startswith": path})
    return q


def reviews_for(user: User) -> QuerySet[Review]:
    qs = Review.objects.select_related("office", "framework").annotate(entry_count=Count("entries"))
    if scope_of(user).is_admin:
        return qs
    return qs.filter(_office_q(user, "office__"))


def items_for(user: User) -> QuerySet[SupervisionItem]:
    qs = SupervisionItem.objects.select_related("organization", "body", "office", "leader")
    scope = scope_of(user)
    if scope.is_admin:
        return qs
    return qs.filter(
        _office_q(user, "office__")
        | Q(organization_id__in=scope.organization_ids)
        | Q(body_id__in=scope.body_ids + scope.reviewer_body_ids)
    )


def notices_for(user: User) -> QuerySet[Notice]:
    return Notice.objects.filter(user=user, read=False).select_related(
        "item", "item__organization", "item__body"
    )


def overdue_ids(items: list[SupervisionItem], today: date | None = None) -> set[int]:
    today = today or timezone.localdate()
    return {i.pk for i in items if i.state != ItemState.CLOSED and today > i.deadline}


def _entries(review: Review) -> list[ReviewEntry]:
    return list(
        review.entries.select_related("organization", "group").order_by("organization__name")
    )


def _scored(entries: list[ReviewEntry]) -> list[Scored]:
    return [
        Scored(e.pk, e.organization.name, e.total, e.grade, e.review_class)
        for e in entries
        if e.total is not None
    ]


def composite_of(review: Review) -> CompositeFramework:
    """The composite framework the review runs on (review_create accepts nothing else)."""
    return review.framework.to_composite()


def roster_kinds(review: Review) -> dict[str, str]:
    """The roster's event kinds and names, or {} when the framework has no roster."""
    for component in composite_of(review).components:
        if isinstance(component, RosterComponent):
            return {e.kind: e.name for e in component.events}
    return {}


def highest_title(organization: Organization, framework: Framework) -> Level | None:
    """The organization's highest title in force (of the framework's category, if any)."""
    titles = organization.titles.filter(status=TitleStatus.ACTIVE)
    if framework.category:
        titles = titles.filter(category=framework.category)
    levels = {Level(level) for level in titles.values_list("level", flat=True)}
    for level in (Level.NATIONAL, Level.PROVINCIAL, Level.MUNICIPAL):
        if level in levels:
            return level
    return None


def roster_counts(entry: ReviewEntry) -> dict[str, int]:
    """How many duty records of each kind the entry's organization has in the review."""
    kinds = DutyRecord.objects.filter(
        review_id=entry.review_id, organization_id=entry.organization_id
    ).values_list("kind", flat=True)
    return dict(Counter(kinds))


def body_people(body_ids: set[int]) -> dict[int, list[User]]:
    """The active staff of each body (by id): its reviewers (成员单位审核人) and body staff,
    who answer a member unit's supervision items and get their notices."""
    found: dict[int, list[User]] = {}
    assignments = RoleAssignment.objects.filter(
        role__in=[Role.REVIEWER, Role.BODY], body_id__in=body_ids, user__is_active=True
    ).select_related("user")
    for a in assignments:
        if a.body_id is not None and a.user not in found.get(a.body_id, []):
            found.setdefault(a.body_id, []).append(a.user)
    return found


def responsible_people(items: Iterable[SupervisionItem]) -> dict[int, list[User]]:
    """Who answers each item (by item id): the applicant contacts of its organization, or
    the staff of its member unit; two queries whatever the number of items."""
    items = list(items)
    contacts = applicant_contacts({i.organization_id for i in items if i.organization_id})
    staff = body_people({i.body_id for i in items if i.body_id})
    return {
        i.pk: contacts.get(i.organization_id, [])
        if i.organization_id
        else staff.get(i.body_id or 0, [])
        for i in items
    }


def applicant_contacts(organization_ids: set[int]) -> dict[int, list[User]]:
    """The active applicant contacts of each organization (by id), who get its notices."""
    found: dict[int, list[User]] = {}
    assignments = RoleAssignment.objects.filter(
        role=Role.APPLICANT, organization_id__in=organization_ids, user__is_active=True
    ).select_related("user")
    for a in assignments:
        if a.organization_id is not None:  # the filter above asks for organizations
            found.setdefault(a.organization_id, []).append(a.user)
    return found


@dataclass(frozen=True)
class RankedRow:
    rank: int
    entry: ReviewEntry
    total: Decimal
    rewarded: bool = False
    second_reward: bool = False
    talk: bool = False
    reward: Decimal | None = None
    second_amount: Decimal | None = None


@dataclass(frozen=True)
class ClassTable:
    heading: str
    rows: list[RankedRow]


@dataclass(frozen=True)
class Ranking:
    review: Review
    entries: list[ReviewEntry]
    unscored: list[ReviewEntry]
    classes: list[ClassTable]
    league: list[RankedRow]
    allocated: Decimal | None


def review_ranking(review: Review) -> Ranking:
    """The review's ranking: by class (Liaocheng) or the league table with rewards."""
    entries = _entries(review)
    by_pk = {e.pk: e for e in entries}
    scored = _scored(entries)
    unscored = [e for e in entries if e.total is None]
    classes: list[ClassTable] = []
    league: list[RankedRow] = []
    allocated = None
    if review.ranking == "league":
        bands = composite_of(review).bands
        # The lowest grade (不合格) gets no reward.
        excluded = frozenset({bands[-1].code}) if bands else frozenset()
        rows = league_table(scored, LeagueRules(review.bottom_n, excluded, review.top_n))
        amounts: dict[int, Any] = {}
        if review.fund is not None:
            rule = RewardRule(
                review.top_share,
                {g: Decimal(str(w)) for g, w in (review.grade_weights or {}).items()},
            )
            shares = split_fund(review.fund, rows, rule)
            amounts = {s.key: s for s in shares}
            allocated = sum((s.total for s in shares), Decimal(0))
        for row in rows:
            share = amounts.get(row.entry.key)
            league.append(
                RankedRow(
                    row.rank,
                    by_pk[row.entry.key],
                    quantize2(row.entry.total),
                    row.rewarded,
                    row.second_reward,
                    row.talk,
                    share.reward if share else None,
                    share.second_reward if share else None,
                )
            )
    else:
        for number, (cls, ranked) in enumerate(rank_by_class(scored), start=1):
            classes.append(
                ClassTable(
                    class_heading(number, cls, len(ranked)),
                    [
                        RankedRow(r.rank, by_pk[r.entry.key], quantize2(r.entry.total))
                        for r in ranked
                    ],
                )
            )
    return Ranking(review, entries, unscored, classes, league, allocated)


def titled_ids(framework: Framework) -> "QuerySet[Title, Any]":
    """The organizations holding a title in force (of the framework's category, if any),
    as a subquery."""
    titles = Title.objects.filter(status=TitleStatus.ACTIVE)
    if framework.category:
        titles = titles.filter(category=framework.category)
    return titles.values("organization_id")


# --- groups and visits ----------------------------------------------------------------------


def review_groups(review: Review) -> list[Group]:
    """The review's groups with their members (leader first) and entries."""
    return list(
        review.groups.prefetch_related("members__user", "entries__organization").order_by(
            "name", "id"
        )
    )


def visits_for(user: User) -> QuerySet[ReviewEntry]:
    """The entries an assessor's groups visit, with their visit record if any."""
    return (
        ReviewEntry.objects.filter(group__members__user=user)
        .select_related("review", "organization", "group", "visit")
        .order_by("visited_on", "review_id", "organization__name")
        .distinct()
    )


# --- self-assessments -----------------------------------------------------------------------


def _frameworks_by_category() -> dict[str, Framework]:
    """The newest framework in use for each title category."""
    found: dict[str, Framework] = {}
    in_use = Framework.objects.filter(kind=FrameworkKind.FRAMEWORK, status=FrameworkStatus.IN_USE)
    for framework in in_use.order_by("-id"):
        found.setdefault(framework.category, framework)
    return found


def _framework_for(categories: set[str], by_category: dict[str, Framework]) -> Framework | None:
    candidates = [by_category[c] for c in categories if c in by_category]
    return max(candidates, key=lambda f: f.pk, default=None)


def unit_framework(organization: Organization) -> Framework | None:
    """The in-use framework of the category of the unit's active title (the newest one
    when its titles are of several categories)."""
    categories = set(
        organization.titles.filter(status=TitleStatus.ACTIVE).values_list("category", flat=True)
    )
    return _framework_for(categories, _frameworks_by_category())


@dataclass(frozen=True)
class ItemScore:
    number: int
    name: str
    points: Decimal
    score: Decimal | None


def breakdown(report: SelfAssessment) -> list[ItemScore]:
    """The report's score for each item of its framework, in the framework's order."""
    domain = report.framework.to_domain()
    scores = report.scores or {}
    return [
        ItemScore(
            item.number,
            item.name,
            item.points,
            Decimal(scores[str(item.number)]) if str(item.number) in scores else None,
        )
        for item in getattr(domain, "items", ())
    ]


@dataclass(frozen=True)
class SelfAssessmentRow:
    organization: Organization
    framework: Framework | None
    report: SelfAssessment | None
    items: list[ItemScore]
    #: "reported", "late" (reported after the due date), "missing" (not yet due) or
    #: "overdue" (missing after the due date).
    status: str


@dataclass(frozen=True)
class SelfAssessmentOverview:
    year: int
    half: int
    due_on: date
    rows: list[SelfAssessmentRow]
    #: Titled units whose category has no framework in use: they have nothing to report.
    without_framework: int = 0

    def count(self, *statuses: str) -> int:
        return sum(1 for r in self.rows if r.status in statuses)


def self_assessment_overview(
    organizations: QuerySet[Organization], year: int, half: int, today: date | None = None
) -> SelfAssessmentOverview:
    """Which of the titled units among ``organizations`` reported the half's self-assessment
    and which did not (overdue once the due date has passed); units with no framework in
    use for their title's category are only counted. Four queries whatever the count."""
    today = today or timezone.localdate()
    due_on = self_assessment_due(year, half)
    active = Title.objects.filter(status=TitleStatus.ACTIVE).values("organization_id")
    titled = (
        organizations.filter(pk__in=active)
        .select_related("region")
        .order_by("region__path", "name", "id")
    )
    units = list(titled)
    ids = [o.pk for o in units]
    categories: dict[int, set[str]] = {}
    for org_id, category in Title.objects.filter(
        organization_id__in=ids, status=TitleStatus.ACTIVE
    ).values_list("organization_id", "category"):
        categories.setdefault(org_id, set()).add(category)
    by_category = _frameworks_by_category()
    reports = {
        r.organization_id: r
        for r in SelfAssessment.objects.filter(
            organization_id__in=ids, year=year, half=half
        ).select_related("framework", "reported_by")
    }
    rows = []
    without_framework = 0
    for organization in units:
        report = reports.get(organization.pk)
        framework = report.framework if report else None
        framework = framework or _framework_for(categories.get(organization.pk, set()), by_category)
        if report is not None:
            late = timezone.localtime(report.reported_at).date() > due_on
            status = "late" if late else "reported"
        elif framework is None:
            # Nothing to assess against (no framework in use for its title's category):
            # counted, not listed as missing.
            without_framework += 1
            continue
        else:
            status = "overdue" if today > due_on else "missing"
        items = breakdown(report) if report else []
        rows.append(SelfAssessmentRow(organization, framework, report, items, status))
    return SelfAssessmentOverview(year, half, due_on, rows, without_framework)


def group_review(group: Group) -> Review:
    """The review a group belongs to (its owner in the visits app)."""
    return owner_of(group, Review, refusal=_("考核组不属于本次考核。"))
