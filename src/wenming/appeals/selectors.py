"""Reads of appeals: a campaign's window and its last day, an applicant's own result and
score per item, the appeals an office or an applicant may see, and the open ones that
hold screening (each in a fixed number of queries)."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from wenming.accounts.models import User
from wenming.assessment.models import RankingResult, RankingVersion, Round
from wenming.assessment.selectors.ranking import explain
from wenming.assessment.sheet import sheet
from wenming.campaigns.models import Application, Campaign, Stage
from wenming.domain import appeals as domain
from wenming.domain.calendar import CalendarYearMissing
from wenming.domain.stage_gates import StageKind
from wenming.publicity.calendars import missing_year_error, workday_calendar
from wenming.registry.scopes import scope_of

from .models import Appeal, AppealStatus, AppealWindow


def first_frozen(campaign: Campaign) -> RankingVersion | None:
    """The version frozen when assessment closed: the window counts from its freeze (a
    later re-rank, after an appeal among others, does not reopen it)."""
    versions = RankingVersion.objects.filter(campaign=campaign, frozen_at__isnull=False)
    return versions.order_by("number").first()


def working_days(campaign: Campaign) -> int:
    row = AppealWindow.objects.filter(campaign=campaign).first()
    return row.working_days if row is not None else domain.DEFAULT_WORKING_DAYS


@dataclass(frozen=True)
class Window:
    """A campaign's appeal window: its length, and once frozen, when and its last day."""

    working_days: int
    frozen_at: datetime | None
    last_day: date | None


def window_of(campaign: Campaign) -> Window:
    """The window; a ValidationError naming the holiday year to enter when its last day
    falls in a year the calendar does not know."""
    days = working_days(campaign)
    version = first_frozen(campaign)
    if version is None or version.frozen_at is None:
        return Window(days, None, None)
    frozen_on = timezone.localdate(version.frozen_at)
    try:
        last = domain.last_day(frozen_on, days, workday_calendar())
    except CalendarYearMissing as error:
        raise missing_year_error(error.year) from error
    return Window(days, version.frozen_at, last)


def screening_closed(campaign: Campaign) -> bool:
    stage = Stage.objects.filter(campaign=campaign, kind=StageKind.SCREENING).first()
    return stage is not None and stage.closed_at is not None


def result_of(application: Application) -> RankingResult | None:
    """The application's row in the campaign's latest ranking version (a correction after
    an appeal shows there)."""
    return (
        RankingResult.objects.filter(application=application)
        .select_related("version")
        .order_by("-version__number")
        .first()
    )


@dataclass(frozen=True)
class ItemScore:
    """One scoring point (评分要点) of one round as the applicant sees it: no assessor,
    no single mark, only what the point scored."""

    key: str
    text: str
    points: Decimal
    value: Decimal


@dataclass(frozen=True)
class RoundItems:
    name: str
    weight: Decimal
    total: Decimal
    items: list[ItemScore]


@dataclass(frozen=True)
class Breakdown:
    """The applicant's own figures from the ranking's domain function."""

    criteria_total: Decimal
    threshold_total: Decimal
    bonus_total: Decimal
    deduction_total: Decimal
    total: Decimal
    rounds: list[RoundItems]


def breakdown_of(application: Application) -> Breakdown:
    """The applicant's score per item, round by round (from ``explain``, the breakdown
    the office reads, without the assessors' names and marks)."""
    explained = explain(application)
    names = {r.pk: r.name for r in Round.objects.filter(campaign_id=application.campaign_id)}
    entries = sheet(application.award.framework.to_framework())
    rounds = []
    for score in explained.rounds:
        items = []
        for clause in score.clauses:
            entry = entries.get(clause.key)
            text = entry.clause.text if entry else ""
            items.append(ItemScore(clause.key, text, clause.points, clause.value))
        rounds.append(RoundItems(names.get(score.key, ""), score.weight, score.total, items))
    return Breakdown(
        explained.criteria_total,
        explained.threshold_total,
        explained.bonus_total,
        explained.deduction_total,
        explained.total,
        rounds,
    )


def _appeals() -> QuerySet[Appeal]:
    return Appeal.objects.select_related(
        "application__organization",
        "application__award",
        "application__campaign__office",
        "answered_by",
    ).prefetch_related("evidence")


def appeals_of(campaign: Campaign) -> list[Appeal]:
    """Every appeal of a campaign, open ones first, in the order they came."""
    rows = _appeals().filter(application__campaign=campaign)
    return sorted(rows, key=lambda a: (a.status != AppealStatus.OPEN, a.lodged_at, a.pk))


def appeals_visible_to(user: User) -> QuerySet[Appeal]:
    """An office: its campaigns' appeals and those below it; an applicant: its own."""
    scope = scope_of(user)
    if scope.is_admin:
        return _appeals()
    q = Q(application__organization_id__in=scope.organization_ids)
    for path in scope.office_paths:
        q |= Q(application__campaign__office__path__startswith=path)
    return _appeals().filter(q)


def open_appeal_names(campaign: Campaign) -> tuple[str, ...]:
    """The organizations whose appeal waits for an answer, by name (the screening gate)."""
    names = (
        Appeal.objects.filter(application__campaign=campaign, status=AppealStatus.OPEN)
        .order_by("application__organization__name")
        .values_list("application__organization__name", flat=True)
    )
    return tuple(dict.fromkeys(names))


def lodging_refusal(
    application: Application, window: Window, today: date | None = None
) -> domain.Refusal | None:
    """Why the application may not appeal today under ``window``, or None."""
    facts = domain.AppealFacts(
        today=today or timezone.localdate(),
        last_day=window.last_day,
        screening_closed=screening_closed(application.campaign),
        already_lodged=Appeal.objects.filter(application=application).exists(),
        ranked=RankingResult.objects.filter(
            application=application, version__isnull=False
        ).exists(),
    )
    return domain.refusal(facts)
