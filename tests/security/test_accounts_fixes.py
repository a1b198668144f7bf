"""The accounts fixes of issue 15: 三员分立 without self-assignment or oversight mixed
with work, a fresh enrolment key per visit, the demo password refused in production,
the superuser check, the audit trail's details, and wrong current passwords counted."""

import base64
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from tests.conftest import PASSWORD, login
from tests.factories import RegionFactory, UserFactory

from wenming.accounts.models import Role, RoleAssignment, User
from wenming.accounts.passwords import PasswordHistory
from wenming.accounts.services import role_assign

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
