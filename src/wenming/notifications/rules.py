"""Who may do what in the notification centre: everyone reads their own notifications
and sets their own preferences; office staff edit the wording and read the delivery log
of their territory."""

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


rules.add_perm("notifications.read", own_notification)
rules.add_perm("notifications.edit_templates", office_staff)
rules.add_perm("notifications.view_deliveries", office_staff)
