"""The idle timeout without a session write on every request.

A session lives ``SESSION_COOKIE_AGE`` (30 minutes) from its last save, and Django only
saves it when it changed. ``SessionRenewalMiddleware`` marks it changed, so that its
expiry (and the cookie's) move forward, when a minute has passed since the last renewal,
whose time the session keeps. A user is therefore signed out between 29 and 30 idle
minutes after their last request, never later, and a busy page costs one session write a
minute instead of one a request. Signing in, which saves the session anyway, stamps the
first renewal. Placed after Django's ``SessionMiddleware``.
"""

import time
from collections.abc import Callable

from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, HttpResponse

#: Where the session keeps when its expiry was last renewed (seconds since the epoch).
RENEWED_AT_KEY = "wenming_session_renewed_at"

#: The expiry is renewed at most this often (seconds).
RENEW_EVERY = 60


def stamp_renewal(request: HttpRequest) -> None:
    """Note in the session that its expiry is renewed now (the session is then saved)."""
    request.session[RENEWED_AT_KEY] = int(time.time())


def _on_login(sender: object, request: HttpRequest | None, **_: object) -> None:
    if request is not None and hasattr(request, "session"):
        stamp_renewal(request)


def register() -> None:
    """Stamp the first renewal when a user signs in (called by the app's ``ready``)."""
    user_logged_in.connect(_on_login, dispatch_uid="wenming.accounts.sessions.login")


class SessionRenewalMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # An empty session (an anonymous visitor, or one just signed out) is never saved:
        # renewing it would create a session for every visitor.
        if session is None or session.is_empty():
            return response
        now = int(time.time())
        renewed_at = session.get(RENEWED_AT_KEY)
        # A session saved anyway (signing in, a message) is renewed at no extra cost.
        if (
            session.modified
            or not isinstance(renewed_at, int)
            or now - renewed_at >= RENEW_EVERY
            or now < renewed_at  # a clock set back: renew rather than wait
        ):
            stamp_renewal(request)
        return response
