"""三员分立 in the menu: each administrator sees their own part, and only the system
administrator reaches the campaigns' work."""

import pytest
from django.test import Client
from django.urls import reverse
from tests.factories import UserFactory, with_role

from wenming.accounts.models import Role

pytestmark = pytest.mark.django_db


def menu(client: Client) -> list[str]:
    page = client.get(reverse("home")).content.decode()
    nav = page.split('class="mainnav"', 1)[1].split("</nav>", 1)[0]
    return [part.split("<", 1)[0] for part in nav.split('">')[1:] if part.split("<", 1)[0]]


@pytest.mark.parametrize(
    ("role", "present", "absent"),
    [
        (Role.ADMIN, ["推荐考核", "组织名录", "系统管理"], ["审计记录"]),
        (Role.SECURITY, ["系统管理"], ["推荐考核", "组织名录", "测评体系", "审计记录"]),
        (Role.AUDITOR, ["审计记录"], ["推荐考核", "组织名录", "测评体系", "系统管理"]),
    ],
)
def test_each_administrator_sees_their_own_part(
    role: Role, present: list[str], absent: list[str]
) -> None:
    client = Client()
    client.force_login(with_role(UserFactory(), role))
    entries = menu(client)
    assert set(present) <= set(entries), entries
    assert not set(absent) & set(entries), entries


def test_the_security_and_audit_administrators_cannot_open_the_campaigns() -> None:
    for role in (Role.SECURITY, Role.AUDITOR):
        client = Client()
        client.force_login(with_role(UserFactory(), role))
        assert client.get(reverse("campaigns:list")).status_code == 403, role
        assert client.get(reverse("registry:organizations")).status_code == 403, role


def test_the_name_in_the_top_bar_opens_the_account_page_with_the_password_link() -> None:
    client = Client()
    client.force_login(with_role(UserFactory(display_name="冯雅琴"), Role.AUDITOR))
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("accounts:account")}"' in home
    account = client.get(reverse("accounts:account")).content.decode()
    assert reverse("password_change") in account
    assert "修改密码" in account
