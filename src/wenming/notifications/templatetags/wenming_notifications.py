"""The top bar's bell: the unread count, with no query on a page whose count is cached.

When the count is not cached the bell asks for it itself (htmx, after the page loads),
so no page pays a query for it; the answer fills the cache for the next pages."""

from typing import Any

from django import template
from django.http import HttpRequest

from wenming.accounts.models import User

from ..selectors import cached_unread_count

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context: dict[str, Any]) -> dict[str, Any]:
    request: HttpRequest | None = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {"show": False}
    return {"show": True, "count": cached_unread_count(user)}
