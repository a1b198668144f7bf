"""Who hears of an event: the people of an organization, an office, a committee.

Each function returns active users' ids in one query.
"""

from collections.abc import Iterable

from wenming.accounts.models import Role, RoleAssignment


def organization_people(organization_ids: Iterable[int]) -> set[int]:
    """The applicant contacts of the organizations."""
    ids = set(organization_ids)
    if not ids:
        return set()
    return set(
        RoleAssignment.objects.filter(
            role=Role.APPLICANT, organization_id__in=ids, user__is_active=True
        ).values_list("user_id", flat=True)
    )


def office_people(region_id: int) -> set[int]:
    """The staff of the office of the region (not of the offices above or below)."""
    return set(
        RoleAssignment.objects.filter(
            role=Role.OFFICE, region_id=region_id, user__is_active=True
        ).values_list("user_id", flat=True)
    )
