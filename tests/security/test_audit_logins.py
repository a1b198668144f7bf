"""Sign-ins, sign-outs, failed sign-ins and lockouts are audited with the time, the user,
the client address and the outcome (defect 4; GB/T 22239 L3 audit fields), through the
real login page."""

import pytest
from django.urls import reverse
from tests.conftest import PASSWORD
from tests.factories import UserFactory

from wenming.audit.models import AuditEvent, LoginSubject
from wenming.audit.presentation import changes
from wenming.audit.selectors import history_for


@pytest.fixture
def clerk(db):
    return UserFactory(username="clerk")


def sign_in(client, username: str, password: str):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="203.0.113.7"
    )


def test_a_sign_in_is_audited_on_the_account(client, clerk):
    assert sign_in(client, "clerk", PASSWORD).status_code == 302
    event = AuditEvent.objects.get(action="login.success")
    assert (event.object_type, event.object_id) == ("accounts.user", str(clerk.pk))
    assert (event.actor_id, event.actor_name) == (clerk.pk, "clerk")
    assert event.after == {"username": "clerk", "address": "203.0.113.7", "outcome": "success"}
    assert event.at is not None
    # (PostgreSQL's jsonb keeps its own key order.)
    assert sorted((c.label, c.after) for c in changes(event)) == sorted(
        [("登录名", "clerk"), ("客户端地址", "203.0.113.7"), ("结果", "登录成功")]
    )


def test_a_wrong_password_is_audited_without_it(client, clerk):
    assert sign_in(client, "clerk", "wrong-guess-1").status_code == 200
    event = AuditEvent.objects.get(action="login.failed")
    assert (event.object_type, event.object_id, event.actor_id) == (
        "accounts.user",
        str(clerk.pk),
        None,
    )
    assert event.after["outcome"] == "failed"
    assert "wrong-guess-1" not in str(event.after)


def test_an_unknown_username_is_audited_on_a_stand_in(client, db):
    sign_in(client, "ghost", "anything-at-all")
    event = AuditEvent.objects.get(action="login.failed")
    assert (event.object_type, event.object_id, event.object_repr) == (
        "audit.loginsubject",
        "ghost",
        "ghost",
    )
    assert ("结果", "登录失败") in [(c.label, c.after) for c in changes(event)]
    # The stand-in reads like any object on a history page.
    ((shown, label, _fields),) = history_for(LoginSubject(username="ghost"))
    assert (shown.pk, label) == (event.pk, "登录失败")


def test_a_lockout_is_audited(client, clerk, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, "clerk", "wrong-guess")
    assert response.status_code == 429  # axes answers a lockout with "Too Many Requests"
    event = AuditEvent.objects.get(action="login.locked_out")
    assert event.object_id == str(clerk.pk)
    assert event.after == {
        "username": "clerk",
        "address": "203.0.113.7",
        "outcome": "locked_out",
    }
    assert AuditEvent.objects.filter(action="login.failed").count() == settings.AXES_FAILURE_LIMIT


def test_a_sign_out_is_audited(client, clerk):
    sign_in(client, "clerk", PASSWORD)
    assert client.post(reverse("logout"), REMOTE_ADDR="203.0.113.7").status_code == 302
    event = AuditEvent.objects.get(action="login.logout")
    assert (event.actor_id, event.after["outcome"]) == (clerk.pk, "logged_out")


def test_behind_the_trusted_proxy_the_clients_address_is_recorded(client, clerk, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    client.post(
        reverse("login"),
        {"username": "clerk", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.23",
    )
    assert AuditEvent.objects.get(action="login.success").after["address"] == "198.51.100.23"
