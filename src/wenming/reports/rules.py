"""Who may do what with 随手拍 (rules predicates).

The office of a region (or one above it) keeps that region's inspection points and map,
imports its 12345 tickets, reads its reports and routes them; the public files a report
and reads it back by its tracking code, with no login and no permission. The responsible
unit answers the supervision item a report became, by supervision's own rules.
"""

import rules
from django.contrib.auth.models import AnonymousUser

from wenming.accounts.models import User
from wenming.registry.rules import edits_organization, is_office
from wenming.supervision.rules import manages_office

from .models import InspectionPoint, Report, ReportGroup


@rules.predicate
def manages_point(user: User | AnonymousUser, point: InspectionPoint | None) -> bool:
    return point is not None and manages_office(user, point.office)


@rules.predicate
def manages_group(user: User | AnonymousUser, group: ReportGroup | None) -> bool:
    return group is not None and manages_office(user, group.office)


@rules.predicate
def manages_report(user: User | AnonymousUser, report: Report | None) -> bool:
    return report is not None and manages_office(user, report.office)


rules.add_perm("reports.view_index", is_office)
rules.add_perm("reports.run_office", manages_office)
rules.add_perm("reports.change_point", manages_point)
rules.add_perm("reports.assign_unit", edits_organization)
rules.add_perm("reports.view_group", manages_group)
rules.add_perm("reports.route", manages_group)
rules.add_perm("reports.view_report", manages_report)
