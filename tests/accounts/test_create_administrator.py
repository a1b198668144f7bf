"""``manage.py create_administrator``: how a new site gets its first administrators."""

import pytest
from django.core.management import CommandError, call_command
from tests.factories import UserFactory

from wenming.accounts.models import Role, User
from wenming.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
STRONG = "Jiangchuan-2026-Strong!"


def test_it_creates_each_administrator_as_staff_without_superuser(monkeypatch, capsys):
    monkeypatch.setenv("WENMING_ADMIN_PASSWORD", STRONG)
    for name, role in (("sys", "system"), ("sec", "security"), ("aud", "audit")):
        call_command("create_administrator", name, role=role)
    sec = User.objects.get(username="sec")
    assert sec.is_staff
    assert not sec.is_superuser
    assert sec.check_password(STRONG)
    assert list(sec.roles.values_list("role", flat=True)) == [Role.SECURITY.value]
    assert "安全管理员" in capsys.readouterr().out
    assert AuditEvent.objects.filter(action="role.assign", actor_id=None).count() == 3


def test_it_refuses_a_second_administrator_role(monkeypatch):
    monkeypatch.setenv("WENMING_ADMIN_PASSWORD", STRONG)
    call_command("create_administrator", "sys", role="system")
    with pytest.raises(CommandError, match="已担任系统管理员，不能再担任审计管理员"):
        call_command("create_administrator", "sys", role="audit")


def test_it_refuses_a_weak_password(monkeypatch):
    monkeypatch.setenv("WENMING_ADMIN_PASSWORD", "123")
    with pytest.raises(CommandError):
        call_command("create_administrator", "weak", role="system")
    assert not User.objects.filter(username="weak").exists()


def test_an_existing_user_keeps_their_password(monkeypatch):
    user = UserFactory(username="existing")
    user.set_password(STRONG)
    user.save()
    call_command("create_administrator", "existing", role="security")
    user.refresh_from_db()
    assert user.check_password(STRONG)
    assert user.is_staff
