"""Who may do what in assessment (rules predicates, checked by pages, API and services).

The office running a campaign manages its rounds: groups, conflicts, sampling and
assignment. An assessor reaches only the applicants assigned to a group they sit in,
and marks and records visits for those.
"""

from typing import Any

import rules

from wenming.campaigns.rules import manages_campaign
from wenming.registry.rules import has_any_role
from wenming.visits.models import GroupMember

from .models import Assignment, Round


@rules.predicate
def manages_round(user: Any, round_: Round | None) -> bool:
    return round_ is not None and manages_campaign(user, round_.campaign)


@rules.predicate
def in_assigned_group(user: Any, assignment: Assignment | None) -> bool:
    if assignment is None or not getattr(user, "is_authenticated", False):
        return False
    return GroupMember.objects.filter(group_id=assignment.group_id, user=user).exists()


@rules.predicate
def manages_assignment(user: Any, assignment: Assignment | None) -> bool:
    return assignment is not None and manages_round(user, assignment.round)


rules.add_perm("assessment.manage_round", manages_round)
rules.add_perm("assessment.view_assignment", in_assigned_group | manages_assignment)
rules.add_perm("assessment.mark", in_assigned_group)
rules.add_perm("assessment.record_visit", in_assigned_group)
rules.add_perm("assessment.verify_sample", has_any_role)
