"""Who may do what in a campaign (rules predicates, checked by pages, API and services).

The running office manages its campaign; an applicant contact applies for its own
organization; the recommending unit an application goes through (a county office, a
supervising body, or the running office for direct applicants) reviews and recommends it.
"""

import rules
from django.contrib.auth.models import AnonymousUser

from wenming.accounts.models import User
from wenming.registry.models import Body, Organization, Region
from wenming.registry.rules import has_any_role, is_admin
from wenming.registry.scopes import scope_of

from .models import Application, Campaign


def _manages_region(user: User | AnonymousUser, region: Region | None) -> bool:
    if region is None:
        return False
    scope = scope_of(user)
    return scope.is_admin or any(region.path.startswith(p) for p in scope.office_paths)


@rules.predicate
def manages_office(user: User | AnonymousUser, region: Region | None) -> bool:
    return _manages_region(user, region)


@rules.predicate
def manages_campaign(user: User | AnonymousUser, campaign: Campaign | None) -> bool:
    return campaign is not None and _manages_region(user, campaign.office)


@rules.predicate
def contact_of(user: User | AnonymousUser, organization: Organization | None) -> bool:
    scope = scope_of(user)
    return organization is not None and organization.pk in scope.organization_ids


@rules.predicate
def applies_for(user: User | AnonymousUser, application: Application | None) -> bool:
    return (
        application is not None and application.organization_id in scope_of(user).organization_ids
    )


@rules.predicate
def is_unit(user: User | AnonymousUser, unit: Region | Body | None) -> bool:
    """The user works for this recommending unit (exactly, not a region above it)."""
    scope = scope_of(user)
    if isinstance(unit, Region):
        return unit.path in scope.office_paths
    if isinstance(unit, Body):
        return unit.pk in scope.body_ids
    return False


@rules.predicate
def reviews(user: User | AnonymousUser, application: Application | None) -> bool:
    if application is None:
        return False
    return is_unit(user, application.body or application.region)


@rules.predicate
def manages_application(user: User | AnonymousUser, application: Application | None) -> bool:
    """The user's office runs (or is above the office running) the application's campaign."""
    return application is not None and _manages_region(user, application.campaign.office)


rules.add_perm("campaigns.view_campaign", has_any_role)
rules.add_perm("campaigns.create_campaign", manages_office)
rules.add_perm("campaigns.manage_campaign", manages_campaign)
rules.add_perm("campaigns.apply", contact_of | is_admin)
rules.add_perm("campaigns.edit_application", applies_for | is_admin)
rules.add_perm("campaigns.review_application", reviews | is_admin)
rules.add_perm("campaigns.recommend", is_unit | is_admin)
rules.add_perm("campaigns.view_application", applies_for | reviews | is_admin | manages_application)
