"""Reads for the running office's quota dashboard: every recommending unit's use of its
quota per award (places, places used, alternates, applications received), and the
history of quota changes.

Each read runs a fixed number of queries whatever the number of units or applications
(DESIGN: constant queries).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from wenming.domain.application_states import State
from wenming.registry.models import Body, Region

from ..models import Application, Award, Campaign, Quota, QuotaChange
from .applications import holds_place
from .review import Unit


@dataclass
class QuotaCell:
    """One unit's use of one award's quota (or a sum of such cells)."""

    award: Award | None = None
    quota: Quota | None = None
    places: int = 0
    recommended: int = 0
    alternates: int = 0
    received: int = 0
    pending: int = 0
    over: bool = False  # some part of a sum is over its quota

    @property
    def state(self) -> str:
        """over: more recommended than places; full; under: places left; none: nothing."""
        if self.over or self.recommended > self.places:
            return "over"
        if not self.places and not self.received:
            return "none"
        if self.recommended == self.places:
            return "full"
        return "under"

    def add(self, other: "QuotaCell") -> None:
        for name in ("places", "recommended", "alternates", "received", "pending"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.over = self.over or other.state == "over"


@dataclass
class QuotaRow:
    unit: Unit
    cells: list[QuotaCell]
    total: QuotaCell


@dataclass
class QuotaOverview:
    awards: list[Award]
    rows: list[QuotaRow]
    totals: list[QuotaCell]  # per award
    total: QuotaCell  # everything


def quota_overview(campaign: Campaign) -> QuotaOverview:
    """Every unit × award: places, places used, alternates, applications received.

    A place stays used once the unit recommended an applicant, whatever has happened to
    it since (``selectors.applications.holds_place``): assessed, named, or vetoed all count.

    Three queries whatever the number of units: the awards, the quotas, and the
    applications counted per award and unit in the database (two more, once each, for
    units that received applications before they were given a quota). Awards nobody has
    a quota for or applied to are left out.
    """
    quotas = list(Quota.objects.filter(award__campaign=campaign).select_related("region", "body"))
    live = ~Q(status__in=(State.DRAFT, State.WITHDRAWN))
    counts = (
        Application.objects.filter(live, campaign=campaign)
        .values("award_id", "region_id", "body_id")
        .annotate(
            recommended=Count("pk", filter=holds_place()),
            alternates=Count("pk", filter=Q(status=State.ALTERNATE)),
            pending=Count("pk", filter=Q(status=State.SUBMITTED)),
            received=Count("pk"),
        )
        .order_by()
    )
    counted: dict[tuple[int, int | None, int | None], Mapping[str, Any]] = {
        (c["award_id"], c["region_id"], c["body_id"]): c for c in counts
    }
    in_use = {q.award_id for q in quotas} | {award_id for (award_id, _r, _b) in counted}
    awards = [a for a in campaign.awards.all() if a.pk in in_use]
    units: dict[tuple[int | None, int | None], Unit] = {}
    for quota in quotas:
        key = (quota.region_id, quota.body_id)
        if key not in units:
            units[key] = Unit(
                region=quota.region, body=quota.body, direct=quota.region_id == campaign.office_id
            )
    missing_regions = {
        r for (_a, r, b) in counted if r is not None and b is None and (r, None) not in units
    }
    missing_bodies = {
        b for (_a, r, b) in counted if b is not None and r is None and (None, b) not in units
    }
    if missing_regions:
        for region in Region.objects.filter(pk__in=missing_regions):
            units[(region.pk, None)] = Unit(region=region, direct=region.pk == campaign.office_id)
    if missing_bodies:
        for body in Body.objects.filter(pk__in=missing_bodies):
            units[(None, body.pk)] = Unit(body=body)
    by_key: dict[tuple[int, int | None, int | None], Quota] = {
        (q.award_id, q.region_id, q.body_id): q for q in quotas
    }
    totals = [QuotaCell(award=a) for a in awards]
    grand = QuotaCell()
    rows = []
    for (region_id, body_id), unit in sorted(units.items(), key=lambda kv: kv[1].sort_key()):
        cells = []
        row_total = QuotaCell()
        for award, total in zip(awards, totals, strict=True):
            unit_quota = by_key.get((award.pk, region_id, body_id))
            c = counted.get((award.pk, region_id, body_id), {})
            cell = QuotaCell(
                award=award,
                quota=unit_quota,
                places=unit_quota.places if unit_quota else 0,
                recommended=c.get("recommended", 0),
                alternates=c.get("alternates", 0),
                received=c.get("received", 0),
                pending=c.get("pending", 0),
            )
            total.add(cell)
            row_total.add(cell)
            grand.add(cell)
            cells.append(cell)
        rows.append(QuotaRow(unit, cells, row_total))
    return QuotaOverview(awards, rows, totals, grand)


def quota_history(campaign: Campaign, limit: int = 200) -> list[QuotaChange]:
    return list(
        QuotaChange.objects.filter(quota__award__campaign=campaign)
        .select_related("quota__award", "quota__region", "quota__body", "changed_by")
        .order_by("-changed_at", "-pk")[:limit]
    )
