"""Who may do what in the notification centre: everyone reads their own notifications
and sets their own preferences; office staff read the delivery log of their territory;
the top office (and the administrators) edit the wording, which is one for everybody."""

import rules
from django.contrib.auth.models import AnonymousUser

from wenming.accounts.models import User
from wenming.registry.scopes import scope_of

from .models import Notification


@rules.predicate
def own_notification(user: User | AnonymousUser, notification: Notification | None) -> bool:
    return (
        notification is not None and user.is_authenticated and notification.recipient_id == user.pk
    )


@rules.predicate
def office_staff(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and scope_of(user).is_office


@rules.predicate
def wording_keeper(user: User | AnonymousUser) -> bool:
    """The wording is one for the whole system, so it is kept by the administrators and the
    office at the top of the regions (a province's, or a city's running alone), not by
    every county's office for all the others."""
    if not user.is_authenticated:
        return False
    scope = scope_of(user)
    # A region's path holds the codes from the root down: a root's has one.
    return scope.is_admin or any(path.count("/") == 1 for path in scope.office_paths)


rules.add_perm("notifications.read", own_notification)
rules.add_perm("notifications.edit_templates", wording_keeper)
rules.add_perm("notifications.view_deliveries", office_staff)
