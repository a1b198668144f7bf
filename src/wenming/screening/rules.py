"""Who may do what in screening: the running office sends, chases and closes; a member
department's reviewers answer for their own department only."""

import rules
from django.contrib.auth.models import AnonymousUser

from wenming.accounts.models import User
from wenming.campaigns.rules import manages_campaign
from wenming.registry.rules import is_office
from wenming.registry.scopes import scope_of

from .models import ScreeningRequest, ScreeningRound


@rules.predicate
def answers_for(user: User | AnonymousUser, request: ScreeningRequest | None) -> bool:
    """The user is a reviewer of the department the request is addressed to."""
    return request is not None and request.body_id in scope_of(user).reviewer_body_ids


@rules.predicate
def manages_round(user: User | AnonymousUser, round_: ScreeningRound | None) -> bool:
    return round_ is not None and manages_campaign(user, round_.campaign)


@rules.predicate
def manages_request(user: User | AnonymousUser, request: ScreeningRequest | None) -> bool:
    """The user's office runs the round the request belongs to."""
    return request is not None and manages_round(user, request.round)


@rules.predicate
def is_reviewer(user: User | AnonymousUser) -> bool:
    """The user answers screening requests for some member department."""
    return bool(scope_of(user).reviewer_body_ids)


rules.add_perm("screening.view_index", is_office | is_reviewer)
rules.add_perm("screening.manage", manages_campaign)
rules.add_perm("screening.manage_round", manages_round)
rules.add_perm("screening.answer", answers_for)
rules.add_perm("screening.view_request", answers_for | manages_request)
