"""Reads of 随手拍: what an office sees (its territory's points, groups and reports), the
map's drawing, and what a reporter reads back by the tracking code."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from wenming.accounts.models import User
from wenming.domain import citizen_reports as rules
from wenming.registry.models import Region
from wenming.registry.scopes import scope_of

from .models import InspectionPoint, RegionOutline, Report, ReportGroup

STATUS_LABELS = {
    "received": _("已受理"),
    "handling": _("办理中"),
    "answered": _("已答复"),
    "closed": _("已办结"),
}


def _in_scope(user: User, prefix: str) -> Q:
    scope = scope_of(user)
    if scope.is_admin:
        return Q()
    q = Q(pk__in=[])
    for path in scope.office_paths:
        q |= Q(**{f"{prefix}path__startswith": path})
    return q


def offices_of(user: User) -> QuerySet[Region]:
    """The regions whose office the user works for (the top of each territory)."""
    scope = scope_of(user)
    if scope.is_admin:
        return Region.objects.filter(level__in=["province", "city", "county"])
    return Region.objects.filter(path__in=scope.office_paths)


def points_visible_to(user: User) -> QuerySet[InspectionPoint]:
    return InspectionPoint.objects.filter(_in_scope(user, "office__")).select_related(
        "organization", "office"
    )


def groups_visible_to(user: User) -> QuerySet[ReportGroup]:
    return (
        ReportGroup.objects.filter(_in_scope(user, "office__"))
        .select_related("point", "item__organization", "office")
        .prefetch_related("reports")  # the first report places a group without a point
        .annotate(count=Count("reports"))
    )


def reports_visible_to(user: User) -> QuerySet[Report]:
    return Report.objects.filter(_in_scope(user, "office__")).select_related(
        "point", "group__item", "office"
    )


def groups_filtered(
    user: User, *, status: str = "", category: str = "", point: int | None = None
) -> QuerySet[ReportGroup]:
    groups = groups_visible_to(user)
    if status in rules.STATUSES:
        states = rules.item_states(status)
        q = Q(item__state__in=[s for s in states if s])
        if None in states:
            q |= Q(item__isnull=True)
        groups = groups.filter(q)
    if category:
        groups = groups.filter(category=category)
    if point:
        groups = groups.filter(point_id=point)
    return groups.order_by("-opened_on", "-id")


def open_only(groups: QuerySet[ReportGroup]) -> QuerySet[ReportGroup]:
    """The groups not yet closed (what the map draws)."""
    return groups.filter(Q(item__isnull=True) | ~Q(item__state="closed"))


def status_of(group: ReportGroup) -> str:
    return rules.report_status(group.item.state if group.item else None)


def units_for(user: User) -> QuerySet[Any]:
    from wenming.registry.scopes import organizations_editable_by  # noqa: PLC0415

    return organizations_editable_by(user).order_by("name")


# ---- the map -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    label: str
    url: str
    count: int = 1
    #: A report's badge beside its point (up and right, one step more for each further
    #: group at the point), so the point's own dot stays visible; 0 for a bare position.
    dx: float = 0
    dy: float = 0

    @property
    def label_y(self) -> float:
        """A point's name, centred under its dot."""
        return round(self.y + 20, 1)

    @property
    def cx(self) -> float:
        return round(self.x + self.dx, 1)

    @property
    def cy(self) -> float:
        return round(self.y + self.dy, 1)


@dataclass(frozen=True)
class Map:
    width: float
    height: float
    outlines: list[tuple[str, str]]  # (region name, path d)
    points: list[Dot]
    reports: list[Dot]
    has_outlines: bool

    @property
    def view_box(self) -> str:
        """The SVG's ``viewBox`` (whole units: the projection's box)."""
        return f"0 0 {round(self.width)} {round(self.height)}"


def office_map(
    user: User, points: list[InspectionPoint], groups: list[ReportGroup], urls: dict[int, str]
) -> Map:
    """The base layer (the outlines of the user's regions) and, on it, the points and the
    open groups of reports, by their lng/lat, in one projection fitted to all of them."""
    outlines = list(
        RegionOutline.objects.filter(_in_scope(user, "region__")).select_related("region")
    )
    coordinates = [(lng, lat) for o in outlines for ring in o.rings for lng, lat in ring]
    coordinates += [(float(p.lng), float(p.lat)) for p in points]
    placed = [g for g in groups if _place(g) is not None]
    coordinates += [p for g in placed if (p := _place(g)) is not None]
    project = rules.projection(coordinates)
    drawn = [
        (
            o.region.name,
            "".join(rules.svg_path([tuple(c) for c in ring], project) for ring in o.rings),
        )
        for o in outlines
    ]
    dots = [Dot(*project(float(p.lng), float(p.lat)), p.name, "") for p in points]
    report_dots = []
    at_point: dict[int, int] = {}
    for g in placed:
        lng, lat = _place(g) or (0.0, 0.0)
        label = f"{g.point.name if g.point else ''} {g.get_category_display()}".strip()
        dx = dy = 0.0
        if g.point_id is not None:
            n = at_point[g.point_id] = at_point.get(g.point_id, -1) + 1
            dx, dy = 12.0 + 22.0 * n, -12.0
        count: int = g.count  # type: ignore[attr-defined]
        report_dots.append(Dot(*project(lng, lat), label, urls.get(g.pk, ""), count, dx, dy))
    return Map(project.width, project.height, drawn, dots, report_dots, bool(outlines))


def _place(group: ReportGroup) -> tuple[float, float] | None:
    if group.point is not None:
        return float(group.point.lng), float(group.point.lat)
    first = group.reports.all()[0] if group.reports.all() else None
    if first is None or first.lng is None or first.lat is None:
        return None
    return float(first.lng), float(first.lat)


# ---- the reporter --------------------------------------------------------------------------


def report_by_code(typed: str) -> Report | None:
    code = rules.normalize_code(typed)
    if code is None:
        return None
    return (
        Report.objects.select_related("group__item__organization", "point", "office")
        .filter(tracking_code=code)
        .first()
    )
