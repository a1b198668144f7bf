"""Who may do what in screening: the running office sends, chases and closes; a member
department's reviewers answer for their own department only."""

from typing import Any

import rules

from wenming.campaigns.rules import manages_campaign
from wenming.registry.scopes import scope_of


@rules.predicate
def answers_for(user: Any, request: Any) -> bool:
    """The user is a reviewer of the department the request is addressed to."""
    return request is not None and request.body_id in scope_of(user).reviewer_body_ids


@rules.predicate
def manages_round(user: Any, round_: Any) -> bool:
    return round_ is not None and manages_campaign(user, round_.campaign)


rules.add_perm("screening.manage", manages_campaign)
rules.add_perm("screening.manage_round", manages_round)
rules.add_perm("screening.answer", answers_for)
rules.add_perm(
    "screening.view_request",
    answers_for
    | rules.predicate(
        lambda user, request: request is not None and manages_round(user, request.round)
    ),
)
