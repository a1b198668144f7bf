"""Who reaches which of the committee's work: the one place pages, API and services ask.

- The office of a region (or an office above it) reaches its region's meetings, member
  units, liaison officers, reports and training sessions.
- A committee member (文明委委员) reaches the meetings of the region they sit for, and any
  meeting they are listed at.
- A member unit's people, its staff (成员单位审核人, 主管部门工作人员) and its current
  liaison officer's account, reach their own unit: its register, its reports, its tasks, the
  joint meetings of its region and the sessions its officers attended.
"""

from django.db.models import Q, QuerySet

from wenming.accounts.models import User
from wenming.registry.models import Body, Region
from wenming.registry.scopes import scope_of

from .models import InfoBulletin, InfoReport, LiaisonOfficer, TrainingSession, WorkMeeting


def _path_q(prefix: str, paths: tuple[str, ...]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{prefix}path__startswith": path})
    return q


def office_q(user: User, prefix: str) -> Q:
    """Rows whose region (``prefix`` to it) the user's offices reach; everything for an admin."""
    scope = scope_of(user)
    if scope.is_admin:
        return Q()
    return _path_q(prefix, scope.office_paths)


def manages_region(user: User, region: Region) -> bool:
    scope = scope_of(user)
    return scope.is_admin or any(region.path.startswith(p) for p in scope.office_paths)


def unit_ids_of(user: User) -> frozenset[int]:
    """The member units the user works for: by a role on the body, or as its current
    liaison officer (one query)."""
    scope = scope_of(user)
    q = Q(pk__in=scope.body_ids + scope.reviewer_body_ids) | Q(
        liaison_officers__user=user, liaison_officers__ended_on__isnull=True
    )
    return frozenset(
        Body.objects.filter(screens=True).filter(q).values_list("pk", flat=True).distinct()
    )


def member_units_for(user: User) -> QuerySet[Body]:
    """The member units (文明委成员单位) the user reaches: the office's, or their own."""
    scope = scope_of(user)
    units = Body.objects.filter(screens=True).select_related("region")
    if scope.is_admin:
        return units
    return units.filter(office_q(user, "region__") | Q(pk__in=unit_ids_of(user)))


def meetings_for(user: User) -> QuerySet[WorkMeeting]:
    scope = scope_of(user)
    meetings = WorkMeeting.objects.select_related("office")
    if scope.is_admin:
        return meetings
    own_regions = Body.objects.filter(pk__in=unit_ids_of(user)).values("region_id")
    q = (
        office_q(user, "office__")
        | _path_q("office__", scope.committee_paths)
        | Q(attendees__user=user)
        | Q(kind="joint", office_id__in=own_regions)
    )
    return meetings.filter(pk__in=WorkMeeting.objects.filter(q).values("pk"))


def officers_for(user: User) -> QuerySet[LiaisonOfficer]:
    return LiaisonOfficer.objects.filter(body__in=member_units_for(user))


def reports_for(user: User) -> QuerySet[InfoReport]:
    return InfoReport.objects.filter(body__in=member_units_for(user))


def bulletins_for(user: User) -> QuerySet[InfoBulletin]:
    """The office's 通报; member units read those of their region's office."""
    own_regions = Body.objects.filter(pk__in=unit_ids_of(user)).values("region_id")
    return InfoBulletin.objects.select_related("office").filter(
        office_q(user, "office__") | Q(office_id__in=own_regions)
    )


def trainings_for(user: User) -> QuerySet[TrainingSession]:
    """The office's sessions, or those the user's units' officers attended."""
    attended = TrainingSession.objects.filter(attendees__body_id__in=unit_ids_of(user))
    return TrainingSession.objects.select_related("office").filter(
        office_q(user, "office__") | Q(pk__in=attended.values("pk"))
    )
