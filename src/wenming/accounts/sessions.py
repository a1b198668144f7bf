"""The idle timeout without a session write on every request.

A session lives ``SESSION_COOKIE_AGE`` (30 minutes) from its last save, and Django only
saves it when it changed. ``SessionRenewalMiddleware`` marks it changed, so that its
expiry (and the cookie's) move forward, when a minute has passed since the last renewal,
whose time the session keeps. A user is therefore signed out between 29 and 30 idle
minutes after their last request, never later, and a busy page costs one session write a
minute instead of one a request. Signing in, which saves the session anyway, stamps the
first renewal. Placed after Django's ``SessionMiddleware``.

On the same cadence the session keeps a few facts about its person that are costly to
read on every request and change rarely (``recent_fact``): whether they hold a confirmed
second-factor device, whether the navigation offers 创建工作 and 文明委工作. Each is
registered with its reader (``register_fact``). Signing in, whose session is saved anyway,
reads them all, so the first pages read none. A fact is read again when a minute has
passed, so a change made elsewhere shows within a minute, and kept at once: that save
renews the expiry too (the middleware stamps a changed session), so facts and renewal
fall due together and keeping facts costs no write of its own. (Keeping a fact only at a
renewal instead left every request of a session's first minute, and of any minute whose
renewal came on a request that did not read it, reading them all.) A page's permission is
never taken from them.
"""

import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse

#: Where the session keeps when its expiry was last renewed (seconds since the epoch).
RENEWED_AT_KEY = "wenming_session_renewed_at"

#: The expiry is renewed at most this often (seconds).
RENEW_EVERY = 60


def stamp_renewal(request: HttpRequest) -> None:
    """Note in the session that its expiry is renewed now (the session is then saved)."""
    request.session[RENEWED_AT_KEY] = int(time.time())


def renewal_due(session: SessionBase, now: int) -> bool:
    """Whether a minute has passed since the session's expiry was last renewed."""
    renewed_at = session.get(RENEWED_AT_KEY)
    return (
        not isinstance(renewed_at, int)
        or now - renewed_at >= RENEW_EVERY
        or now < renewed_at  # a clock set back: renew rather than wait
    )


#: Where the session keeps its facts: {name: [value, read at (seconds since the epoch)]}.
FACTS_KEY = "wenming_session_facts"

#: The facts a session keeps, by name: how each is read for a person (a JSON value).
_FACT_READERS: dict[str, Callable[[Any], Any]] = {}


def register_fact(name: str, read: Callable[[Any], Any]) -> None:
    """Keep the fact ``name`` in every session, read for its person by ``read(user)``
    (called by the reading app's ``ready``)."""
    _FACT_READERS[name] = read


def recent_fact(request: HttpRequest, name: str) -> Any:
    """The registered fact ``name`` about the request's user, as read at most
    ``RENEW_EVERY`` seconds ago in this session, else read now and kept (a JSON value).
    Without a session, read every time."""
    read = _FACT_READERS[name]
    session = getattr(request, "session", None)
    if session is None:
        return read(request.user)
    now = int(time.time())
    facts = session.get(FACTS_KEY)
    facts = facts if isinstance(facts, dict) else {}
    kept = facts.get(name)
    if isinstance(kept, list) and len(kept) == 2 and 0 <= now - kept[1] < RENEW_EVERY:
        return kept[0]
    value = read(request.user)
    session[FACTS_KEY] = facts | {name: [value, now]}
    return value


def _on_login(sender: object, request: HttpRequest | None, user: Any, **_: object) -> None:
    if request is not None and hasattr(request, "session"):
        stamp_renewal(request)
        # A new sign-in reads its person's facts afresh, on the save signing in makes.
        now = int(time.time())
        request.session[FACTS_KEY] = {
            name: [read(user), now] for name, read in _FACT_READERS.items()
        }


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
        # A session saved anyway (signing in, a message) is renewed at no extra cost.
        if session.modified or renewal_due(session, int(time.time())):
            stamp_renewal(request)
        return response
