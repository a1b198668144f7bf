"""A round's groups, applicants and conflicts as the plain data ``domain.assignment`` takes.

Ids are strings (the domain's convention): group and application primary keys. A member's
conflict bars every group of the round the member sits in.
"""

from dataclasses import dataclass

from wenming.campaigns.models import Application
from wenming.visits.models import Group

from .models import Conflict, Round
from .population import applications, counties_of, county_key, group_county_key


@dataclass(frozen=True)
class RoundInputs:
    groups: list[Group]
    applications: list[Application]
    group_pairs: list[tuple[str, str]]
    applicant_pairs: list[tuple[str, str]]
    conflicts: frozenset[tuple[str, str]]
    conflict_reasons: dict[tuple[str, str], list[str]]
    group_names: dict[str, str]
    applicant_names: dict[str, str]
    county_names: dict[str, str]


def round_inputs(round_: Round) -> RoundInputs:
    """Everything the assignment rules need, in a fixed number of queries."""
    counties = counties_of(round_.campaign)
    groups = list(
        Group.objects.filter(round=round_)
        .select_related("home_county")
        .prefetch_related("members__user")
    )
    apps = list(applications(round_))
    group_ids = {g.pk for g in groups}
    member_groups: dict[int, list[int]] = {}
    for group in groups:
        for member in group.members.all():
            member_groups.setdefault(member.pk, []).append(group.pk)
    reasons: dict[tuple[str, str], list[str]] = {}
    rows = Conflict.objects.filter(application__campaign_id=round_.campaign_id).select_related(
        "member__user"
    )
    for conflict in rows:
        if conflict.group_id in group_ids:
            barred = [conflict.group_id]
            who = ""
        elif conflict.member is not None and conflict.member_id in member_groups:
            barred = member_groups[conflict.member_id]
            who = f"{conflict.member.user}: "
        else:
            continue
        for group_id in barred:
            key = (str(group_id), str(conflict.application_id))
            reasons.setdefault(key, []).append(who + conflict.reason)
    app_ids = {str(a.pk) for a in apps}
    conflicts = frozenset(k for k in reasons if k[1] in app_ids)
    county_names = {county_key(r): r.name for r in counties.by_code.values()}
    return RoundInputs(
        groups=groups,
        applications=apps,
        group_pairs=[(str(g.pk), group_county_key(g)) for g in groups],
        applicant_pairs=[
            (str(a.pk), county_key(counties.of_path(a.organization.region.path))) for a in apps
        ],
        conflicts=conflicts,
        conflict_reasons=reasons,
        group_names={str(g.pk): g.name for g in groups},
        applicant_names={str(a.pk): a.organization.name for a in apps},
        county_names=county_names,
    )
