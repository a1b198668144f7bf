"""Reads of the notification centre: a person's inbox and unread count, the office's
delivery log of its territory."""

from django.core.cache import cache
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from wenming.accounts.models import User
from wenming.registry.scopes import scope_of

from .models import Delivery, Notification
from .services import unread_cache_key

#: Seconds a cached count may lag behind a change made by another process's cache.
COUNT_SECONDS = 300


def inbox(user: User) -> QuerySet[Notification]:
    """One's notifications, unread first, newest first within each."""
    return (
        Notification.objects.filter(recipient=user)
        .annotate(
            is_read=Case(
                When(read_at__isnull=True, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("is_read", "-id")
    )


def unread_count(user: User, *, fresh: bool = False) -> int:
    """The count of one's unread notifications: one indexed count, then cached until a
    notification is made or read (``fresh``: counted again, as the inbox does)."""
    key = unread_cache_key(user.pk)
    count = None if fresh else cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        cache.set(key, count, COUNT_SECONDS)
    return int(count)


def cached_unread_count(user: User) -> int | None:
    """The cached count, or None when it is not cached (no query)."""
    count = cache.get(unread_cache_key(user.pk))
    return None if count is None else int(count)


def deliveries_for(user: User) -> QuerySet[Delivery]:
    """The deliveries of the territories of the offices the user works in (the system
    administrator: all), newest first."""
    scope = scope_of(user)
    rows = Delivery.objects.select_related("notification__recipient").order_by("-id")
    if scope.is_admin:
        return rows
    if not scope.office_paths:
        return rows.none()
    within = Q()
    for path in scope.office_paths:
        within |= Q(notification__region_path__startswith=path)
    return rows.filter(within)
