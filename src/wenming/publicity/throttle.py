"""The limit on objections from one client address (``wenming.throttle``)."""

from collections.abc import Mapping
from typing import Any

from wenming import throttle

LIMIT = 5
WINDOW_SECONDS = 3600


def allow(address: str | None, *, limit: int = LIMIT, window: int = WINDOW_SECONDS) -> bool:
    """Count one attempt from ``address``; False once it has made ``limit`` in the window."""
    return not throttle.over_limit_for("objection", address or "", limit=limit, window=window)


def client_address(meta: Mapping[str, Any]) -> str | None:
    """The citizen's address: behind a trusted proxy, from its X-Forwarded-For."""
    return throttle.client_address(meta) or None
