"""Facts a session keeps about its person (accounts.sessions.recent_fact): read at most once
a minute, read at sign-in and kept with the renewal's write, never a permission."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.conftest import login
from tests.factories import BodyFactory, UserFactory
from tests.security.clock import START, at

from wenming.workrules import services


def page(client) -> tuple[str, list[str]]:
    """The password page's text and the SQL it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("password_change"))
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries]


def session_writes(sqls: list[str]) -> int:
    return sum(
        1
        for sql in sqls
        if "django_session" in sql and sql.lstrip().upper().startswith(("UPDATE", "INSERT"))
    )


def liaison_reads(sqls: list[str]) -> int:
    return sum(1 for sql in sqls if "workrules_liaisonofficer" in sql)


def test_a_new_liaison_officer_finds_the_committee_s_work_within_a_minute(
    clock, world, cast, client
):
    person = UserFactory(username="new-liaison")  # holds no role
    login(client, person)
    at(clock, 61)  # the renewal is due: this request keeps what it read
    text, sqls = page(client)
    assert "文明委工作" not in text
    assert liaison_reads(sqls) == 1
    assert session_writes(sqls) == 1  # the renewal's write, which carries the facts

    unit = BodyFactory(name="Civil Affairs Bureau", region=world.city, screens=True)
    services.liaison_appoint(
        acting_user=cast.city,
        body=unit,
        name="Qian",
        rank="section",
        mobile="13900000002",
        started_on=START.date(),
        user=person,
    )
    at(clock, 90)  # within the minute: the kept fact, no query
    text, sqls = page(client)
    assert "文明委工作" not in text
    assert liaison_reads(sqls) == 0
    assert session_writes(sqls) == 0

    at(clock, 122)  # a minute after it was read: read again
    text, sqls = page(client)
    assert "文明委工作" in text
    assert liaison_reads(sqls) == 1
    # The entry is a link, not a permission: the page checks its own.
    assert client.get(reverse("workrules:index")).status_code == 200


def test_facts_are_read_at_sign_in_and_fall_due_with_the_renewal(clock, world, cast, client):
    login(client, cast.assessor)  # neither office nor applicant: every fact is read
    for seconds in (1, 10, 30, 59):
        at(clock, seconds)
        _text, sqls = page(client)
        assert liaison_reads(sqls) == 0  # read on signing in, whose save kept them
        assert session_writes(sqls) == 0  # and no write of their own
    at(clock, 60)  # a minute since signing in: the facts and the renewal, in one write
    _text, sqls = page(client)
    assert liaison_reads(sqls) == 1
    assert session_writes(sqls) == 1
    at(clock, 100)
    _text, sqls = page(client)
    assert (liaison_reads(sqls), session_writes(sqls)) == (0, 0)


def test_a_new_sign_in_reads_its_facts_afresh(clock, world, cast, client):
    person = UserFactory(username="second-sign-in")
    login(client, person)
    at(clock, 10)
    assert "文明委工作" not in page(client)[0]
    services.liaison_appoint(
        acting_user=cast.city,
        body=BodyFactory(name="Civil Affairs Bureau", region=world.city, screens=True),
        name="Qian",
        rank="section",
        mobile="13900000002",
        started_on=START.date(),
        user=person,
    )
    at(clock, 20)
    assert "文明委工作" not in page(client)[0]  # kept within the minute
    login(client, person)
    at(clock, 30)
    text, sqls = page(client)
    assert "文明委工作" in text  # read again on signing in
    assert liaison_reads(sqls) == 0


def test_a_verified_or_deviceless_session_reads_no_device_every_request(clock, world, cast, client):
    login(client, cast.assessor)
    at(clock, 61)
    _text, sqls = page(client)
    assert sum(1 for sql in sqls if "otp_totp_totpdevice" in sql) == 1
    at(clock, 80)
    _text, sqls = page(client)
    assert sum(1 for sql in sqls if "otp_totp_totpdevice" in sql) == 0
