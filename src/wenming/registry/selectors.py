"""Reads of the registry that need thought: the scoped, filtered organization list
and an organization's history as a timeline."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from wenming.accounts.models import User
from wenming.registry.scopes import organizations_for

from .models import Organization


def organization_list(
    user: User, *, q: str = "", kind: str = "", region_path: str = ""
) -> QuerySet[Organization]:
    qs = organizations_for(user).select_related("region", "body")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if region_path:
        qs = qs.filter(region__path__startswith=region_path)
    return qs.annotate(active_titles=Count("titles", filter=Q(titles__status="active"))).order_by(
        "region__path", "name", "id"
    )


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    kind: str  # "title", "title_end", "honor"
    obj: Any


def organization_timeline(organization: Organization) -> list[TimelineEntry]:
    """Titles named, titles ended and honors granted, newest first."""
    entries: list[TimelineEntry] = []
    for title in organization.titles.all():
        entries.append(TimelineEntry(title.named_on, "title", title))
        if title.ended_on:
            entries.append(TimelineEntry(title.ended_on, "title_end", title))
    for honor in organization.honors.all():
        entries.append(TimelineEntry(honor.granted_on, "honor", honor))
    order = {"title_end": 0, "title": 1, "honor": 2}
    return sorted(entries, key=lambda e: (e.on, -order[e.kind]), reverse=True)
