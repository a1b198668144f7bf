"""Who may do what in periodic reviews and supervision (rules predicates).

The office of a region (or an office above it) runs that region's reviews, opens and
closes its supervision items and issues its bulletins; the assessors of a review's group
record the visits of the entries assigned to it; an applicant contact answers the items
of its own organization and reports its self-assessments; a member unit's staff answer
the items of their unit (a joint meeting's tasks).
"""

import rules
from django.contrib.auth.models import AnonymousUser

from wenming.accounts.models import User
from wenming.registry.models import Organization, Region
from wenming.registry.rules import edits_organization, is_assessor, is_office
from wenming.registry.scopes import scope_of

from .models import Review, ReviewEntry, SupervisionItem


def _manages(user: User | AnonymousUser, region: Region | None) -> bool:
    if region is None:
        return False
    scope = scope_of(user)
    return scope.is_admin or any(region.path.startswith(p) for p in scope.office_paths)


@rules.predicate
def manages_review(user: User | AnonymousUser, review: Review | None) -> bool:
    if review is None:
        return is_office(user)
    return _manages(user, review.office)


@rules.predicate
def manages_office(user: User | AnonymousUser, region: Region | None) -> bool:
    return _manages(user, region)


@rules.predicate
def manages_item(user: User | AnonymousUser, item: SupervisionItem | None) -> bool:
    if item is None:
        return is_office(user)
    return _manages(user, item.office)


@rules.predicate
def responsible_for(user: User | AnonymousUser, item: SupervisionItem | None) -> bool:
    """The item's organization's contact, or its member unit's staff (reviewers, body staff)."""
    if item is None:
        return False
    scope = scope_of(user)
    if item.organization_id is not None:
        return item.organization_id in scope.organization_ids
    return item.body_id in scope.body_ids + scope.reviewer_body_ids


@rules.predicate
def manages_entry_review(user: User | AnonymousUser, entry: ReviewEntry | None) -> bool:
    return entry is not None and _manages(user, entry.review.office)


@rules.predicate
def visits_entry(user: User | AnonymousUser, entry: ReviewEntry | None) -> bool:
    """A member of the group assigned to the entry records its visit."""
    if entry is None or entry.group_id is None or not isinstance(user, User):
        return False
    group = entry.group
    return (
        scope_of(user).is_assessor
        and group is not None
        and group.members.filter(user_id=user.pk).exists()
    )


@rules.predicate
def contact_of(user: User | AnonymousUser, organization: Organization | None) -> bool:
    return organization is not None and organization.pk in scope_of(user).organization_ids


@rules.predicate
def is_contact(user: User | AnonymousUser) -> bool:
    """The user is the contact of some applicant organization."""
    return bool(scope_of(user).organization_ids)


rules.add_perm("supervision.view_index", is_office | is_contact | is_assessor)
rules.add_perm("supervision.view_self_assessments", is_office)
rules.add_perm("supervision.run_office", manages_office)
rules.add_perm("supervision.manage_review", manages_review)
rules.add_perm("supervision.manage_item", manages_item)
rules.add_perm("supervision.view_item", manages_item | responsible_for)
rules.add_perm("supervision.answer_item", responsible_for | manages_item)
rules.add_perm("supervision.record_visit", manages_entry_review | visits_entry)
rules.add_perm("supervision.self_assess", contact_of)
rules.add_perm("supervision.end_title", edits_organization)
