"""Who may do what in assessment (rules predicates, checked by pages, API and services).

The office running a campaign manages its rounds: groups, conflicts, sampling and
assignment. An assessor reaches only the applicants assigned to a group they sit in,
and marks and records visits for those. A deduction is recorded by the running office
or by an assessor of a group assigned to the application.
"""

import rules
from django.contrib.auth.models import AnonymousUser

from wenming.accounts.models import User
from wenming.campaigns.models import Application
from wenming.campaigns.rules import manages_application, manages_campaign
from wenming.registry.rules import has_any_role, is_assessor, is_office
from wenming.visits.models import GroupMember

from .models import Assignment, Round
from .selectors.marking_reads import membership


@rules.predicate
def manages_round(user: User | AnonymousUser, round_: Round | None) -> bool:
    return round_ is not None and manages_campaign(user, round_.campaign)


@rules.predicate
def in_assigned_group(user: User | AnonymousUser, assignment: Assignment | None) -> bool:
    if assignment is None or not isinstance(user, User):
        return False
    return bool(membership.list(assignment.group_id, user.pk))


@rules.predicate
def manages_assignment(user: User | AnonymousUser, assignment: Assignment | None) -> bool:
    return assignment is not None and manages_round(user, assignment.round)


@rules.predicate
def assesses_application(user: User | AnonymousUser, application: Application | None) -> bool:
    """The user sits in a group the application is assigned to (in any round)."""
    if application is None or not isinstance(user, User):
        return False
    groups = Assignment.objects.filter(application=application).values("group_id")
    return GroupMember.objects.filter(group_id__in=groups, user=user).exists()


rules.add_perm("assessment.view_index", is_office | is_assessor)
rules.add_perm("assessment.manage_round", manages_round)
rules.add_perm("assessment.view_assignment", in_assigned_group | manages_assignment)
rules.add_perm("assessment.mark", in_assigned_group)
rules.add_perm("assessment.record_visit", in_assigned_group)
rules.add_perm("assessment.record_deduction", manages_application | assesses_application)
rules.add_perm("assessment.verify_sample", has_any_role)
# Assessors compared: the running office only; an assessor never sees the others' severity.
rules.add_perm("assessment.compare_assessors", manages_round)
