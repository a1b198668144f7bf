"""A per-address limit on objections, counted in Django's cache (no outside service)."""

from collections.abc import Mapping
from typing import Any

from django.core.cache import cache

LIMIT = 5
WINDOW_SECONDS = 3600


def allow(address: str | None, *, limit: int = LIMIT, window: int = WINDOW_SECONDS) -> bool:
    """Count one attempt from ``address``; False once it has made ``limit`` in the window."""
    key = f"publicity:objections:{address or 'unknown'}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit


def client_address(meta: Mapping[str, Any]) -> str | None:
    """The address the request came from (set by the reverse proxy in production)."""
    return meta.get("REMOTE_ADDR") or None
