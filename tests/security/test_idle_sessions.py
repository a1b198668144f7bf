"""Sessions: 30 idle minutes sign a user out, and the session is written at most once a
minute, not on every request (accounts.sessions)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.conftest import login
from tests.security.clock import START, at


def session_writes(client) -> int:
    """How many times opening the home page wrote the session table."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return sum(
        1
        for query in queries
        if "django_session" in query["sql"]
        and query["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    )


def expiry(client) -> datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def signed_in(client) -> bool:
    return client.get(reverse("home")).status_code == 200


def test_sessions_are_not_saved_on_every_request():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is False


def test_signing_in_starts_the_idle_clock(clock, world, cast, client):
    login(client, cast.city)
    assert expiry(client) == START + timedelta(minutes=30)
    assert session_writes(client) == 0  # signing in stamped the renewal


def test_two_requests_within_a_minute_write_the_session_once(clock, world, cast, client):
    login(client, cast.city)
    at(clock, 61)
    assert session_writes(client) == 1
    key, renewed = client.session.session_key, expiry(client)
    assert renewed == START + timedelta(seconds=61, minutes=30)
    at(clock, 61 + 59)
    assert session_writes(client) == 0
    assert (client.session.session_key, expiry(client)) == (key, renewed)


def test_a_request_a_minute_after_the_renewal_renews_again(clock, world, cast, client):
    login(client, cast.city)
    at(clock, 61)
    session_writes(client)
    key = client.session.session_key
    at(clock, 121)
    assert session_writes(client) == 1
    assert client.session.session_key == key
    assert expiry(client) == START + timedelta(seconds=121, minutes=30)


def test_a_user_idle_past_thirty_minutes_is_signed_out(clock, world, cast, client):
    login(client, cast.city)
    assert signed_in(client)
    at(clock, 30 * 60 - 1)
    assert signed_in(client)  # 29:59 idle: still in, and renewed
    at(clock, 2 * 30 * 60)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_requests_without_a_renewal_do_not_extend_the_idle_timeout(clock, world, cast, client):
    """Requests in the minute after a renewal do not move the expiry: the user is out 30
    minutes after the renewal, never later than 30 idle minutes after their last request."""
    login(client, cast.city)
    assert signed_in(client)
    at(clock, 50)
    assert signed_in(client)
    at(clock, 30 * 60)
    assert not signed_in(client)


def test_a_busy_user_stays_signed_in(clock, world, cast, client):
    login(client, cast.city)
    for minute in range(0, 90, 20):
        at(clock, minute * 60)
        assert signed_in(client), minute


def test_anonymous_visitors_get_no_session(db, client):
    assert client.get(reverse("login")).status_code == 200
    assert Session.objects.count() == 0
