"""Who may do what with the committee's work (rules predicates), on ``scopes``.

The office of a region (or above) schedules its meetings, circulates their papers, keeps
their record and splits a joint meeting's decisions into tasks; keeps the liaison register,
decides on reports, issues the 通报 and runs the training. A member sees a meeting's papers
and asks for leave with a written opinion. A member unit's people keep their own officer's
entry and contacts and submit their unit's reports.
"""

import rules
from django.contrib.auth.models import AnonymousUser

from wenming.accounts.models import User
from wenming.registry.models import Body, Region
from wenming.registry.scopes import scope_of

from .models import Attendee, InfoBulletin, InfoReport, TrainingSession, WorkMeeting
from .scopes import manages_region, meetings_for, trainings_for, unit_ids_of


@rules.predicate
def takes_part(user: User | AnonymousUser) -> bool:
    """An office, a committee member or a member unit's people."""
    if not isinstance(user, User):
        return False
    scope = scope_of(user)
    return scope.is_office or bool(scope.committee_paths) or bool(unit_ids_of(user))


@rules.predicate
def is_office_user(user: User | AnonymousUser) -> bool:
    return isinstance(user, User) and scope_of(user).is_office


@rules.predicate
def runs_office(user: User | AnonymousUser, region: Region | None) -> bool:
    return isinstance(user, User) and region is not None and manages_region(user, region)


@rules.predicate
def manages_meeting(user: User | AnonymousUser, meeting: WorkMeeting | None) -> bool:
    return meeting is not None and runs_office(user, meeting.office)


@rules.predicate
def sees_meeting(user: User | AnonymousUser, meeting: WorkMeeting | None) -> bool:
    if meeting is None or not isinstance(user, User):
        return False
    return meetings_for(user).filter(pk=meeting.pk).exists()


@rules.predicate
def is_the_member(user: User | AnonymousUser, attendee: Attendee | None) -> bool:
    return attendee is not None and isinstance(user, User) and attendee.user_id == user.pk


@rules.predicate
def answers_for_member(user: User | AnonymousUser, attendee: Attendee | None) -> bool:
    """The office records a member's leave on their behalf (a phone call, a letter)."""
    return attendee is not None and manages_meeting(user, attendee.meeting)


@rules.predicate
def keeps_unit(user: User | AnonymousUser, body: Body | None) -> bool:
    """The unit's own people, or the office over its region."""
    if body is None or not isinstance(user, User) or not body.screens:
        return False
    return manages_region(user, body.region) or body.pk in unit_ids_of(user)


@rules.predicate
def office_of_unit(user: User | AnonymousUser, body: Body | None) -> bool:
    return body is not None and isinstance(user, User) and manages_region(user, body.region)


@rules.predicate
def sees_report(user: User | AnonymousUser, report: InfoReport | None) -> bool:
    return report is not None and keeps_unit(user, report.body)


@rules.predicate
def decides_report(user: User | AnonymousUser, report: InfoReport | None) -> bool:
    return report is not None and office_of_unit(user, report.body)


@rules.predicate
def sees_bulletin(user: User | AnonymousUser, bulletin: InfoBulletin | None) -> bool:
    if bulletin is None or not isinstance(user, User):
        return False
    if manages_region(user, bulletin.office):
        return True
    return Body.objects.filter(pk__in=unit_ids_of(user), region=bulletin.office_id).exists()


@rules.predicate
def manages_bulletin(user: User | AnonymousUser, bulletin: InfoBulletin | None) -> bool:
    return bulletin is not None and runs_office(user, bulletin.office)


@rules.predicate
def sees_training(user: User | AnonymousUser, session: TrainingSession | None) -> bool:
    if session is None or not isinstance(user, User):
        return False
    return trainings_for(user).filter(pk=session.pk).exists()


@rules.predicate
def manages_training(user: User | AnonymousUser, session: TrainingSession | None) -> bool:
    return session is not None and runs_office(user, session.office)


rules.add_perm("workrules.view_index", takes_part)
rules.add_perm("workrules.view_office", is_office_user)
rules.add_perm("workrules.run_office", runs_office)
rules.add_perm("workrules.view_meeting", sees_meeting)
rules.add_perm("workrules.manage_meeting", manages_meeting)
rules.add_perm("workrules.answer_attendance", is_the_member | answers_for_member)
rules.add_perm("workrules.keep_unit", keeps_unit)
rules.add_perm("workrules.submit_report", keeps_unit)
rules.add_perm("workrules.view_report", sees_report)
rules.add_perm("workrules.decide_report", decides_report)
rules.add_perm("workrules.view_bulletin", sees_bulletin)
rules.add_perm("workrules.manage_bulletin", manages_bulletin)
rules.add_perm("workrules.view_training", sees_training)
rules.add_perm("workrules.manage_training", manages_training)
