"""Permission rules: the one place that says who may do what.

Each rule is a ``rules`` predicate over (user, object); object-level rules ask
the scopes in ``scopes.py``, so pages, API endpoints and services agree.
"""

import rules
from django.contrib.auth.models import AnonymousUser

from wenming.accounts.models import User

from .models import Organization, Region
from .scopes import organizations_editable_by, organizations_for, regions_editable_by, scope_of


@rules.predicate
def is_admin(user: User | AnonymousUser) -> bool:
    return isinstance(user, User) and scope_of(user).is_admin


@rules.predicate
def is_office(user: User | AnonymousUser) -> bool:
    return isinstance(user, User) and scope_of(user).is_office


@rules.predicate
def is_assessor(user: User | AnonymousUser) -> bool:
    return scope_of(user).is_assessor


@rules.predicate
def has_any_role(user: User | AnonymousUser) -> bool:
    if not isinstance(user, User):
        return False  # nobody signed in holds no role
    scope = scope_of(user)
    return scope.works_on_campaigns


@rules.predicate
def sees_organization(user: User | AnonymousUser, organization: Organization | None) -> bool:
    if organization is None:
        return has_any_role(user)
    return isinstance(user, User) and organizations_for(user).filter(pk=organization.pk).exists()


@rules.predicate
def edits_organization(user: User | AnonymousUser, organization: Organization | None) -> bool:
    if organization is None:
        return is_office(user)
    return (
        isinstance(user, User)
        and organizations_editable_by(user).filter(pk=organization.pk).exists()
    )


@rules.predicate
def edits_region(user: User | AnonymousUser, region: Region | None) -> bool:
    if region is None:
        return is_office(user)
    return isinstance(user, User) and regions_editable_by(user).filter(pk=region.pk).exists()


rules.add_perm("registry.view_organization", sees_organization)
rules.add_perm("registry.change_organization", edits_organization)
rules.add_perm("registry.add_organization", edits_region)
rules.add_perm("registry.import_organizations", is_office)
rules.add_perm("registry.export_organizations", has_any_role)
rules.add_perm("registry.change_reference_data", is_admin)
rules.add_perm("registry.view_organization_history", edits_organization)
rules.add_perm("registry.change_letterhead", edits_region)
