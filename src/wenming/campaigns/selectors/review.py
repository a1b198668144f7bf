"""Reads for recommendation: which recommending units a person acts for, what each unit
received per award, the recommendation report's contents, the exceptional applications
awaiting the office and the units a quota may go to (the quota dashboard is
``selectors.quotas``).

Each read runs a fixed number of queries whatever the number of units or applications:
the pages built on them are list pages (DESIGN: constant queries).
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming.accounts.models import User
from wenming.domain.application_states import State
from wenming.domain.titles import Category
from wenming.registry.models import Body, Region
from wenming.registry.scopes import scope_of

from ..family_form import family_form_facts
from ..models import (
    Application,
    Award,
    BonusClaim,
    Campaign,
    ExceptionalStatus,
    Quota,
    Recommendation,
    SelfMark,
)
from .applications import (
    FORM_STATISTICS,
    application_holds_place,
    statistic_label,
    statistics_asked,
)
from .claims import DECIDABLE as CLAIMS_DECIDABLE

#: What a recommending unit decides on (returned ones wait for the applicant).
UNDER_REVIEW = (State.SUBMITTED, State.RECOMMENDED, State.ALTERNATE, State.RETURNED)
#: Everything a unit received: what it decides on, what it recommended that moved on
#: (assessed … named, or vetoed after recommendation), and what it closed.
RECEIVED = tuple(s for s in State if s != State.DRAFT)
#: The page's order: the recommended (and what moved on from there) first, then the
#: alternates, then what awaits a decision, then what is closed.
STATUS_ORDER = {
    State.ALTERNATE: 1,
    State.SUBMITTED: 2,
    State.RETURNED: 3,
    State.REJECTED: 4,
    State.VETOED: 4,
    State.WITHDRAWN: 5,
}
DECISION_LABELS = {
    "": gettext_lazy("待定"),
    "recommended": gettext_lazy("推荐"),
    "alternate": gettext_lazy("备选"),
    "not_recommended": gettext_lazy("不予推荐"),
}
#: The decisions a reviewer may take on an application, by its status (the state machine
#: has no way back to "submitted" once decided).
DECISIONS = {
    State.SUBMITTED: ("", "recommended", "alternate", "not_recommended"),
    State.RECOMMENDED: ("recommended", "alternate", "not_recommended"),
    State.ALTERNATE: ("recommended", "alternate", "not_recommended"),
}


@dataclass(frozen=True)
class Unit:
    """A recommending unit: a county office (its region), a supervising body, or the
    running office itself for direct applicants."""

    region: Region | None = None
    body: Body | None = None
    direct: bool = False

    @property
    def key(self) -> str:
        if self.region is not None:
            return f"region-{self.region.pk}"
        if self.body is None:
            raise ValueError("a recommending unit is an office or a body")
        return f"body-{self.body.pk}"

    @property
    def name(self) -> str:
        if self.body is not None:
            return self.body.name
        if self.region is None:
            raise ValueError("a recommending unit is an office or a body")
        if self.direct:
            return _("%(name)s文明办（直接申报单位）") % {"name": self.region.name}
        return _("%(name)s文明办") % {"name": self.region.name}

    @property
    def kwargs(self) -> dict[str, Any]:
        return {"region": self.region, "body": self.body}

    def owns(self, region_id: int | None, body_id: int | None) -> bool:
        if self.region is not None:
            return body_id is None and region_id == self.region.pk
        return region_id is None and self.body is not None and body_id == self.body.pk

    def sort_key(self) -> tuple[int, str]:
        if self.direct:
            return (0, "")
        if self.region is not None:
            return (1, self.region.path)
        return (2, self.body.name if self.body else "")


def unit_from_key(campaign: Campaign, key: str) -> Unit | None:
    """The unit named by a form's ``region-<id>`` / ``body-<id>``, or None."""
    kind, _sep, number = key.partition("-")
    if not number.isdigit():
        return None
    if kind == "region":
        region = Region.objects.filter(pk=int(number)).first()
        return Unit(region=region, direct=region.pk == campaign.office_id) if region else None
    if kind == "body":
        body = Body.objects.filter(pk=int(number), supervises=True).first()
        return Unit(body=body) if body else None
    return None


def units_for(user: User, campaign: Campaign) -> list[Unit]:
    """The recommending units the user acts for in this campaign: the offices whose
    region is exactly one of the user's, and the supervising bodies the user works for.
    An administrator acts for every unit that has a quota or an application."""
    scope = scope_of(user)
    office_path = campaign.office.path
    if scope.is_admin:
        region_ids = set(
            Quota.objects.filter(award__campaign=campaign, region__isnull=False).values_list(
                "region_id", flat=True
            )
        ) | set(
            Application.objects.filter(campaign=campaign, region__isnull=False).values_list(
                "region_id", flat=True
            )
        )
        body_ids = set(
            Quota.objects.filter(award__campaign=campaign, body__isnull=False).values_list(
                "body_id", flat=True
            )
        ) | set(
            Application.objects.filter(campaign=campaign, body__isnull=False).values_list(
                "body_id", flat=True
            )
        )
        regions = Region.objects.filter(pk__in=region_ids | {campaign.office_id})
        bodies = Body.objects.filter(pk__in=body_ids)
    else:
        paths = [p for p in scope.office_paths if p.startswith(office_path)]
        regions = Region.objects.filter(path__in=paths) if paths else Region.objects.none()
        bodies = (
            Body.objects.filter(
                pk__in=scope.body_ids, supervises=True, region__path__startswith=office_path
            )
            if scope.body_ids
            else Body.objects.none()
        )
    units = [Unit(region=r, direct=r.pk == campaign.office_id) for r in regions]
    units += [Unit(body=b) for b in bodies]
    return sorted(units, key=Unit.sort_key)


def _unit_q(units: list[Unit], prefix: str = "") -> Q:
    q = Q(pk__in=[])
    region_ids = [u.region.pk for u in units if u.region is not None]
    body_ids = [u.body.pk for u in units if u.body is not None]
    if region_ids:
        q |= Q(**{f"{prefix}region_id__in": region_ids, f"{prefix}body__isnull": True})
    if body_ids:
        q |= Q(**{f"{prefix}body_id__in": body_ids, f"{prefix}region__isnull": True})
    return q


def unit_q(units: list[Unit]) -> Q:
    """Applications recommended through one of ``units`` (for the list export)."""
    return _unit_q(units)


# ---- the review page ----------------------------------------------------------------------


@dataclass
class ClaimRow:
    """A bonus claim as the recommending unit decides it."""

    claim: BonusClaim
    level_text: str
    reason: str = ""  # what was posted, after an error
    errors: list[str] = field(default_factory=list)


@dataclass
class ReviewRow:
    application: Application
    self_total: Decimal
    rank: str = ""  # what the order box shows (what was posted, after an error)
    decision: str = ""
    choices: tuple[tuple[str, Any], ...] = ()
    return_comment: str = ""
    return_errors: list[str] = field(default_factory=list)
    claims: list[ClaimRow] = field(default_factory=list)
    claims_decidable: bool = False  # the unit decides them now (``selectors.claims.DECIDABLE``)

    @property
    def claims_pending(self) -> int:
        return sum(1 for c in self.claims if c.claim.status == "pending")


@dataclass
class AwardBlock:
    unit: Unit
    award: Award
    places: int
    has_quota: bool
    rows: list[ReviewRow] = field(default_factory=list)
    closed: list[ReviewRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.unit.key}-award-{self.award.pk}"

    @property
    def recommended(self) -> int:
        """Places used: what the unit recommended, whatever happened to it since."""
        return sum(1 for r in self.rows if application_holds_place(r.application))

    @property
    def alternates(self) -> int:
        return sum(1 for r in self.rows if r.application.status == State.ALTERNATE)

    @property
    def decidable(self) -> list[ReviewRow]:
        return [r for r in self.rows if r.choices]

    @property
    def returnable(self) -> bool:
        """Some application here may be returned for correction (批量退回 is offered)."""
        return any(r.application.status == State.SUBMITTED for r in self.rows)

    @property
    def left(self) -> int:
        return max(self.places - self.recommended, 0)


@dataclass
class UnitSection:
    unit: Unit
    blocks: list[AwardBlock]
    recommendation: Recommendation | None
    responsible_person: str = ""
    submit_errors: list[str] = field(default_factory=list)
    #: Whether the person may press 发文（取号） for this unit's report (a county office).
    may_issue: bool = False

    @property
    def report_number(self) -> str:
        return self.recommendation.report_number if self.recommendation else ""

    @property
    def active(self) -> list[AwardBlock]:
        """Awards the unit received applications for."""
        return [b for b in self.blocks if b.rows or b.closed]

    @property
    def idle(self) -> list[AwardBlock]:
        """Awards the unit has places for but no application yet."""
        return [b for b in self.blocks if not (b.rows or b.closed)]


#: A received application with the sum of its self-marks.
Received = tuple[Application, Decimal]


def review_sections(campaign: Campaign, units: list[Unit]) -> list[UnitSection]:
    """Per unit and award: the quota and the applications received, in the page's order."""
    if not units:
        return []
    awards = list(campaign.awards.select_related("framework"))
    level_texts = {
        (award.pk, rule.key, level.level): level.text or level.level
        for award in awards
        if not award.framework.is_checklist  # a checklist has no bonus items
        for rule in award.framework.to_framework().bonuses
        for level in rule.levels
    }
    quotas = {
        (q.award_id, q.region_id, q.body_id): q
        for q in Quota.objects.filter(_unit_q(units), award__campaign=campaign)
    }
    received = _received(campaign, units)
    recommendations = {
        (r.region_id, r.body_id): r
        for r in Recommendation.objects.filter(_unit_q(units), campaign=campaign)
    }
    sections = []
    for unit in units:
        key = (unit.region.pk if unit.region else None, unit.body.pk if unit.body else None)
        blocks = []
        for award in awards:
            block = _award_block(unit, award, quotas.get((award.pk, *key)), received, level_texts)
            if block.rows or block.closed or block.has_quota:
                blocks.append(block)
        recommendation = recommendations.get(key)
        person = recommendation.responsible_person if recommendation else ""
        sections.append(UnitSection(unit, blocks, recommendation, responsible_person=person))
    return sections


def _received(campaign: Campaign, units: list[Unit]) -> list[Received]:
    """The units' received applications with their self-mark totals, in the page's order:
    places held first, then by status, rank, time of submission."""
    rows = (
        Application.objects.filter(_unit_q(units), campaign=campaign, status__in=RECEIVED)
        .select_related("organization")
        .prefetch_related(
            Prefetch(
                "bonus_claims",
                queryset=BonusClaim.objects.select_related("evidence").order_by("dated", "pk"),
            )
        )
        .annotate(self_total=Sum("self_marks__points"))
    )
    received: list[Received] = [(a, a.self_total or Decimal(0)) for a in rows]
    received.sort(
        key=lambda item: (
            0 if application_holds_place(item[0]) else STATUS_ORDER[State(item[0].status)],
            item[0].rank if item[0].rank is not None else 10**9,
            item[0].submitted_at or item[0].created_at,
            item[0].pk,
        )
    )
    return received


def _award_block(
    unit: Unit,
    award: Award,
    quota: Quota | None,
    received: list[Received],
    level_texts: dict[tuple[int, str, str], str],
) -> AwardBlock:
    """One award of one unit: the applications it decides on, then those it closed, with
    the order boxes and decisions as they stand."""
    block = AwardBlock(
        unit=unit, award=award, places=quota.places if quota else 0, has_quota=bool(quota)
    )
    for application, self_total in received:
        if application.award_id != award.pk or not unit.owns(
            application.region_id, application.body_id
        ):
            continue
        row = ReviewRow(
            application=application,
            self_total=self_total,
            choices=tuple(
                (value, DECISION_LABELS[value])
                for value in DECISIONS.get(State(application.status), ())
            ),
            claims=[
                ClaimRow(
                    claim,
                    level_texts.get((award.pk, claim.rule, claim.level), claim.level),
                )
                for claim in application.bonus_claims.all()
            ],
            claims_decidable=application.status in CLAIMS_DECIDABLE,
        )
        if application.status in UNDER_REVIEW or application_holds_place(application):
            block.rows.append(row)
        else:
            block.closed.append(row)
    for position, row in enumerate(block.decidable, start=1):
        row.rank = str(position)
        status = row.application.status
        row.decision = status if status in (State.RECOMMENDED, State.ALTERNATE) else ""
    return block


# ---- the recommendation report ------------------------------------------------------------


@dataclass
class ReportForm:
    """One recommended application's form as the report prints it."""

    application: Application
    statistics: list[tuple[str, Any]]
    self_total: Decimal
    marks: list[dict[str, Any]]


@dataclass
class ReportAward:
    award: Award
    recommended: list[Application]
    alternates: list[Application]


def report_contents(campaign: Campaign, unit: Unit) -> dict[str, Any]:
    """The list per award (recommended and alternates) and each recommended form."""
    applications = list(
        Application.objects.filter(
            _unit_q([unit]),
            campaign=campaign,
            status__in=(State.RECOMMENDED, State.ALTERNATE),
        )
        .select_related("organization", "award__framework")
        .prefetch_related(Prefetch("self_marks", queryset=SelfMark.objects.order_by("id")))
        .order_by("award__category", "award__level", "award__model", "rank", "id")
    )
    awards: dict[int, ReportAward] = {}
    for application in applications:
        entry = awards.setdefault(application.award_id, ReportAward(application.award, [], []))
        if application.status == State.RECOMMENDED:
            entry.recommended.append(application)
        else:
            entry.alternates.append(application)
    labels = {name: statistic_label(name) for name in FORM_STATISTICS}
    forms: list[ReportForm] = []
    for entry in awards.values():
        if entry.award.framework.is_checklist or entry.award.category == Category.FAMILY:
            # A family's form is its members and deeds; under a checklist nothing is marked.
            forms.extend(
                ReportForm(
                    application,
                    family_form_facts(application.form)
                    if entry.award.category == Category.FAMILY
                    else [
                        (labels[name], application.form.get(name))
                        for name in statistics_asked(entry.award)
                    ],
                    Decimal(0),
                    [],
                )
                for application in entry.recommended
            )
            continue
        framework = entry.award.framework.to_framework()
        computed = {rule.criterion for rule in framework.thresholds}
        for application in entry.recommended:
            marks = {m.clause_key: m.points for m in application.self_marks.all()}
            rows = [
                {
                    "item": item.name,
                    "criterion": criterion.number,
                    "key": clause.key,
                    "text": clause.text,
                    "points": clause.points,
                    "mark": marks.get(clause.key),
                }
                for item in framework.items
                for criterion in item.criteria
                if criterion.number not in computed
                for clause in criterion.clauses
            ]
            forms.append(
                ReportForm(
                    application=application,
                    statistics=[
                        (labels[name], application.form.get(name))
                        for name in statistics_asked(entry.award)
                    ],
                    self_total=sum(marks.values(), Decimal(0)),
                    marks=rows,
                )
            )
    recommendation = Recommendation.objects.filter(
        campaign=campaign, region=unit.region, body=unit.body
    ).first()
    return {"awards": list(awards.values()), "forms": forms, "recommendation": recommendation}


# ---- the office's exceptional applications and quota units -------------------------------


def pending_exceptional(campaign: Campaign) -> list[Application]:
    """Exceptional applications (破格) waiting for the office's decision."""
    return list(
        Application.objects.filter(campaign=campaign, exceptional=ExceptionalStatus.PENDING)
        .exclude(status=State.WITHDRAWN)
        .select_related("organization", "award", "region", "body")
        .order_by("created_at", "pk")
    )


def unit_choices(campaign: Campaign) -> list[Unit]:
    """Every unit a quota may be given to: the running office (direct applicants), the
    regions just below it (counties of a city, cities of a province) and the supervising
    bodies within its territory."""
    office = campaign.office
    regions = Region.objects.filter(Q(pk=office.pk) | Q(parent=office)).order_by("path")
    bodies = Body.objects.filter(supervises=True, region__path__startswith=office.path).order_by(
        "name"
    )
    units = [Unit(region=r, direct=r.pk == office.pk) for r in regions]
    return sorted(units + [Unit(body=b) for b in bodies], key=Unit.sort_key)
