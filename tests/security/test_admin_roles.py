"""三员分立 (GB/T 22239-2019 §8.1.4.2 访问控制): three administrators, none holding two
roles, each seeing and changing only its own part of the admin site."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.conftest import login
from tests.factories import BodyFactory, RegionFactory, UserFactory

from wenming.accounts.models import Role, RoleAssignment, User
from wenming.accounts.services import role_assign, role_revoke
from wenming.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

CONFLICT = "不能再担任"


@pytest.fixture
def admins(db) -> dict[str, User]:
    """One person per administrator role, assigned through the service."""
    people = {}
    for name, role in (("sys", Role.ADMIN), ("sec", Role.SECURITY), ("aud", Role.AUDITOR)):
        people[name] = role_assign(
            acting_user=None, user=UserFactory(username=f"{name}-admin"), role=role
        ).user
    return people


def test_a_second_administrator_role_is_refused_naming_both(admins):
    with pytest.raises(ValidationError) as refused:
        role_assign(acting_user=admins["sec"], user=admins["sys"], role=Role.AUDITOR)
    message = refused.value.messages[0]
    assert "系统管理员" in message
    assert "审计管理员" in message
    assert CONFLICT in message
    assert list(admins["sys"].roles.values_list("role", flat=True)) == ["admin"]


def test_the_model_check_refuses_it_too(admins):
    extra = RoleAssignment(user=admins["aud"], role=Role.SECURITY)
    with pytest.raises(ValidationError) as refused:
        extra.full_clean()
    assert "审计管理员" in str(refused.value)
    assert "安全管理员" in str(refused.value)


def test_the_database_refuses_it_when_the_checks_are_skipped(admins):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=admins["sys"], role=Role.SECURITY)


def test_the_admin_form_refuses_it_and_saves_nothing(client, admins):
    login(client, admins["sec"])
    response = client.post(
        reverse("admin:accounts_roleassignment_add"),
        {"user": admins["aud"].pk, "role": Role.ADMIN.value},
    )
    assert response.status_code == 200
    assert CONFLICT in response.text
    assert "审计管理员" in response.text
    assert RoleAssignment.objects.filter(user=admins["aud"]).count() == 1


def test_the_admin_form_assigns_through_the_service(client, admins):
    newcomer = UserFactory(username="newcomer")
    login(client, admins["sec"])
    response = client.post(
        reverse("admin:accounts_roleassignment_add"),
        {"user": newcomer.pk, "role": Role.AUDITOR.value},
    )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.is_staff
    assert AuditEvent.objects.filter(action="role.assign", object_id=str(newcomer.pk)).exists()


def test_staff_status_follows_the_administrator_role(admins):
    user = admins["sys"]
    assert user.is_staff
    role_revoke(acting_user=admins["sec"], assignment=user.roles.get())
    user.refresh_from_db()
    assert not user.is_staff


def test_only_the_security_administrator_assigns_roles(admins):
    for name in ("sys", "aud"):
        with pytest.raises(PermissionDenied):
            role_assign(acting_user=admins[name], user=UserFactory(), role=Role.ASSESSOR)


def _instances(admins: dict[str, User]) -> dict[str, object]:
    region = RegionFactory(code="881000", name="Somewhere", level="city")
    target = UserFactory(username="target")
    attempt = AccessAttempt.objects.create(
        username="target", ip_address="10.0.0.1", user_agent="x", failures_since_start=5
    )
    return {
        "accounts.user": target,
        "accounts.roleassignment": admins["sys"].roles.get(),
        "registry.region": region,
        "registry.body": BodyFactory(name="Bureau", region=region),
        "axes.accessattempt": attempt,
        "otp_totp.totpdevice": TOTPDevice.objects.create(user=target, name="TOTP"),
        "otp_static.staticdevice": StaticDevice.objects.create(user=target, name="recovery"),
        "audit.auditevent": AuditEvent.objects.order_by("id").first(),
        "auth.group": Group.objects.create(name="g"),
    }


#: What each administrator may open in the admin site (list and change pages) ...
VIEWS = {
    "sys": {"accounts.user", "registry.region", "registry.body"},
    "sec": {
        "accounts.user",
        "accounts.roleassignment",
        "axes.accessattempt",
        "otp_totp.totpdevice",
        "otp_static.staticdevice",
    },
    "aud": set(),
}
#: ... and what it may save there (the rest are read-only to it).
CHANGES = {"sys": {"accounts.user", "registry.region", "registry.body"}, "sec": set(), "aud": set()}
MODELS = [
    "accounts.user",
    "accounts.roleassignment",
    "registry.region",
    "registry.body",
    "axes.accessattempt",
    "otp_totp.totpdevice",
    "otp_static.staticdevice",
    "audit.auditevent",
    "auth.group",
]


@pytest.mark.parametrize("who", ["sys", "sec", "aud"])
def test_each_administrator_sees_and_changes_only_its_own_models(client, admins, who):
    objects = _instances(admins)
    login(client, admins[who])
    seen, saved = {}, {}
    for label in MODELS:
        app, model = label.split(".")
        obj = objects[label]
        changelist = client.get(reverse(f"admin:{app}_{model}_changelist"))
        change_url = reverse(f"admin:{app}_{model}_change", args=[obj.pk])
        change = client.get(change_url)
        seen[label] = (changelist.status_code, change.status_code)
        # An empty form: refused (403) without the right, shown again with errors with it.
        saved[label] = client.post(change_url, {}).status_code
    assert {k for k, v in seen.items() if v == (200, 200)} == VIEWS[who]
    assert {k for k, v in seen.items() if v != (200, 200)} == set(MODELS) - VIEWS[who]
    assert all(v == (403, 403) for k, v in seen.items() if k not in VIEWS[who])
    assert {k for k, v in saved.items() if v != 403} == CHANGES[who]


def test_the_audit_administrator_gets_403_on_every_admin_change_page(client, admins):
    objects = _instances(admins)
    login(client, admins["aud"])
    for label in MODELS:
        app, model = label.split(".")
        url = reverse(f"admin:{app}_{model}_change", args=[objects[label].pk])
        assert client.get(url).status_code == 403, label
        assert client.post(url, {}).status_code == 403, label


def test_the_system_administrator_cannot_grant_powers_through_the_user_form(client, admins):
    target = UserFactory(username="target")
    login(client, admins["sys"])
    page = client.get(reverse("admin:accounts_user_change", args=[target.pk]))
    assert page.status_code == 200
    for field in ("is_superuser", "is_staff", "user_permissions", "groups"):
        assert f'name="{field}"' not in page.text


def _action(client, action: str, user: User):
    return client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": action, "_selected_action": [user.pk], "index": 0},
    )


def test_the_security_administrator_resets_a_second_factor_audited(client, admins):
    target = UserFactory(username="lost-phone")
    TOTPDevice.objects.create(user=target, name="TOTP", confirmed=True)
    StaticDevice.objects.create(user=target, name="recovery", confirmed=True)
    login(client, admins["sys"])
    _action(client, "reset_second_factor", target)
    assert TOTPDevice.objects.filter(user=target).count() == 1  # not his to do

    login(client, admins["sec"])
    assert _action(client, "reset_second_factor", target).status_code == 302
    assert not TOTPDevice.objects.filter(user=target).exists()
    assert not StaticDevice.objects.filter(user=target).exists()
    event = AuditEvent.objects.get(action="twofactor.reset", object_id=str(target.pk))
    assert event.actor_id == admins["sec"].pk


def test_the_security_administrator_unlocks_an_account_audited(client, admins):
    target = UserFactory(username="locked")
    AccessAttempt.objects.create(
        username="locked", ip_address="10.0.0.1", user_agent="x", failures_since_start=5
    )
    login(client, admins["sec"])
    assert _action(client, "unlock", target).status_code == 302
    assert not AccessAttempt.objects.filter(username="locked").exists()
    assert AuditEvent.objects.filter(action="account.unlock", object_id=str(target.pk)).exists()


TRAIL = reverse("accounts:audit_trail")


def test_only_the_audit_administrator_reads_the_trail(client, admins):
    for name in ("sys", "sec"):
        login(client, admins[name])
        assert client.get(TRAIL).status_code == 403
    login(client, admins["aud"])
    page = client.get(TRAIL)
    assert page.status_code == 200
    assert "分配角色" in page.text  # the three assignments of the fixture


def test_the_trail_filters_by_action_and_actor_and_pages(client, admins):
    for _ in range(55):
        role_assign(acting_user=admins["sec"], user=UserFactory(), role=Role.ASSESSOR)
    login(client, admins["aud"])
    first = client.get(TRAIL, {"action": "role.assign", "actor": "sec-admin"})
    assert "共 55 条" in first.text
    assert "第 1 / 2 页" in first.text
    second = client.get(TRAIL, {"action": "role.assign", "actor": "sec-admin", "page": 2})
    assert second.text.count("<tr><td>") == 5
    assert "共 0 条" in client.get(TRAIL, {"action": "twofactor.reset"}).text
    assert "共 0 条" in client.get(TRAIL, {"since": "2999-01-01"}).text


def test_the_verify_button_shows_the_chain_intact(client, admins):
    login(client, admins["aud"])
    response = client.post(TRAIL)
    assert response.status_code == 200
    assert "审计链完整" in response.text
    assert f"共校验 {AuditEvent.objects.count()} 条事件" in response.text
