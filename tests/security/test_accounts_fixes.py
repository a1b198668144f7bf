"""The accounts fixes of issue 15: 三员分立 without self-assignment or oversight mixed
with work, a fresh enrolment key per visit, the demo password refused in production,
the superuser check, the audit trail's details, and wrong current passwords counted."""

import base64
from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from tests.conftest import PASSWORD, login
from tests.factories import RegionFactory, UserFactory

from wenming.accounts.backends import DEMO_PASSWORD
from wenming.accounts.models import Role, RoleAssignment, User
from wenming.accounts.passwords import PasswordHistory
from wenming.accounts.services import role_assign
from wenming.audit.models import AuditEvent
from wenming.core.checks import check_superusers

pytestmark = pytest.mark.django_db


@pytest.fixture
def security(db) -> User:
    return role_assign(
        acting_user=None, user=UserFactory(username="sec-admin"), role=Role.SECURITY
    ).user


def test_nobody_assigns_a_role_to_oneself(security):
    with pytest.raises(ValidationError) as refused:
        role_assign(acting_user=security, user=security, role=Role.ASSESSOR)
    assert "不能给自己分配角色" in refused.value.messages[0]
    assert list(security.roles.values_list("role", flat=True)) == ["security"]


@pytest.mark.parametrize("oversight", [Role.SECURITY, Role.AUDITOR])
def test_an_oversight_administrator_takes_no_work_role(security, oversight):
    person = UserFactory()
    if oversight == Role.AUDITOR:
        role_assign(acting_user=security, user=person, role=oversight)
    else:
        person = security
    other = role_assign(acting_user=None, user=UserFactory(), role=Role.SECURITY).user
    with pytest.raises(ValidationError) as refused:
        role_assign(acting_user=other, user=person, role=Role.OFFICE, region=RegionFactory())
    message = refused.value.messages[0]
    assert str(oversight.label) in message
    assert "文明办工作人员" in message
    assert person.roles.count() == 1


def test_a_work_role_holder_is_not_made_security_or_audit_administrator(security):
    person = role_assign(acting_user=security, user=UserFactory(), role=Role.ASSESSOR).user
    for role in (Role.SECURITY, Role.AUDITOR):
        with pytest.raises(ValidationError) as refused:
            role_assign(acting_user=security, user=person, role=role)
        assert "考核人员" in refused.value.messages[0]
        assert str(role.label) in refused.value.messages[0]
    # The system administrator keeps its reach (a design choice).
    role_assign(acting_user=security, user=person, role=Role.ADMIN)


def test_the_admin_form_refuses_mixing_oversight_with_work(client, security):
    auditor = role_assign(acting_user=security, user=UserFactory(), role=Role.AUDITOR).user
    login(client, security)
    response = client.post(
        reverse("admin:accounts_roleassignment_add"),
        {"user": auditor.pk, "role": Role.ASSESSOR.value},
    )
    assert response.status_code == 200
    assert "审计管理员" in response.text
    assert "考核人员" in response.text
    assert RoleAssignment.objects.filter(user=auditor).count() == 1


def _basic(user: User, password: str) -> dict[str, str]:
    pair = base64.b64encode(f"{user.username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {pair}"}


@pytest.mark.usefixtures("world")
def test_http_basic_is_refused_once_the_password_expired(client, cast, settings):
    settings.PASSWORD_EXPIRY_DAYS = 180
    cast.applicant.set_password(PASSWORD)
    cast.applicant.save()
    assert client.get("/api/frameworks/", **_basic(cast.applicant, PASSWORD)).status_code == 200
    PasswordHistory.objects.filter(user=cast.applicant).update(
        created_at=timezone.now() - timedelta(days=181)
    )
    refused = client.get("/api/frameworks/", **_basic(cast.applicant, PASSWORD))
    assert refused.status_code == 403
    assert "密码已超过有效期" in refused.json()["detail"]


def _sign_in(client, username: str, password: str):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="203.0.113.9"
    )


@override_settings(DEBUG=False)
def test_the_demo_password_does_not_sign_in_with_debug_off(client, db):
    demo = UserFactory(username="demo-user")
    demo.set_password(DEMO_PASSWORD)
    demo.save()
    refused = _sign_in(client, "demo-user", DEMO_PASSWORD)
    assert refused.status_code == 200
    assert "请联系系统管理员为您重设密码" in refused.text
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login.failed").count() == 1
    UserFactory(username="real-user")
    assert _sign_in(client, "real-user", "pw-test-2026").status_code == 302


def test_wrong_current_passwords_count_as_failed_sign_ins(client, db, settings):
    user = UserFactory(username="changer")
    login(client, user)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("password_change"),
            {"old_password": "wrong", "new_password1": "Xy7!long-pass", "new_password2": "x"},
        )
    assert AuditEvent.objects.filter(action="login.failed").count() == settings.AXES_FAILURE_LIMIT
    client.logout()
    assert _sign_in(client, "changer", "pw-test-2026").status_code == 429


def test_the_deploy_check_flags_an_active_superuser(db):
    assert "wenming.W002" not in [m.id for m in check_superusers()]
    User.objects.create_superuser("root", password="pw-test-2026")
    (warning,) = check_superusers()
    assert warning.id == "wenming.W002"
    assert "root" in warning.msg
    assert "create_administrator" in str(warning.hint)
    User.objects.filter(username="root").update(is_active=False)
    assert check_superusers() == []


def test_the_audit_trail_shows_a_failed_sign_ins_address_and_outcome(
    client, security, django_assert_max_num_queries
):
    for _attempt in range(3):
        _sign_in(client, "sec-admin", "wrong-guess")
    auditor = role_assign(acting_user=security, user=UserFactory(), role=Role.AUDITOR).user
    login(client, auditor)
    page = client.get(reverse("accounts:audit_trail"))
    assert "详情" in page.text
    assert "203.0.113.9" in page.text
    assert "登录失败" in page.text
    for _attempt in range(20):
        _sign_in(client, "nobody-here", "wrong-guess")
    login(client, auditor)
    with django_assert_max_num_queries(15):
        client.get(reverse("accounts:audit_trail"))


def test_create_administrator_records_the_new_account(db, monkeypatch):
    monkeypatch.setenv("WENMING_ADMIN_PASSWORD", "Strong-pass-2026!x")
    call_command("create_administrator", "new-sec", role="security", stdout=StringIO())
    user = User.objects.get(username="new-sec")
    actions = list(
        AuditEvent.objects.filter(object_id=str(user.pk)).values_list("action", flat=True)
    )
    assert actions == ["user.create", "role.assign"]


@pytest.mark.usefixtures("world")
@override_settings(WENMING_REQUIRE_2FA=True)
def test_the_setup_page_says_required_for_staff_and_chosen_for_an_applicant(client, cast):
    login(client, cast.county)
    assert (
        "工作人员登录须使用双因素认证" in client.get(reverse("accounts:second_factor_setup")).text
    )
    login(client, cast.applicant)
    page = client.get(reverse("accounts:second_factor_setup")).text
    assert "您选择为账号启用双因素认证" in page
    assert "工作人员登录须使用双因素认证" not in page


def test_the_lockout_page_sends_to_the_security_administrator(client, db, settings):
    UserFactory(username="locked")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = _sign_in(client, "locked", "wrong-guess")
    assert response.status_code == 429
    assert "联系安全管理员解锁" in response.text
