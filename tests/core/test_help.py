"""使用说明: a page per role, reached from the menu, the person's own roles first (issue 13)."""

import pytest
from django.urls import reverse
from tests.conftest import login
from tests.factories import UserFactory, with_role

from wenming.accounts.models import Role

#: Each role's page and the steps a person of that role must find on it.
KEY_STEPS = {
    Role.OFFICE: [
        "申报 → 推荐 → 测评 → 征求意见 → 公示 → 审定 → 命名",
        "① 新建考核组",
        "代录书面复函",
    ],
    Role.APPLICANT: ["提交申报", "退回修改", "验证码"],
    Role.BODY: ["推荐、列为备选或不予推荐", "推荐报告"],
    Role.ASSESSOR: ["逐条评分", "联网后自动发送"],
    Role.REVIEWER: ["无异议，或一票否决", "PDF"],
    Role.COMMITTEE: ["三分之二"],
    Role.ADMIN: ["三员分立", "用户、地区和部门"],
    Role.SECURITY: ["分配角色", "登录失败锁定", "双因素认证"],
    Role.AUDITOR: ["审计记录", "校验审计链"],
}


def _user(world, role: Role):
    scope = {
        Role.OFFICE: {"region": world.city},
        Role.COMMITTEE: {"region": world.city},
        Role.BODY: {"body": world.education},
        Role.REVIEWER: {"body": world.screening},
        Role.APPLICANT: {"organization": world.east_unit},
    }.get(role, {})
    return with_role(UserFactory(username=f"help-{role}"), role, **scope)


@pytest.mark.parametrize("role", list(KEY_STEPS))
def test_each_roles_help_page_renders_for_that_role_with_its_key_steps(client, world, role):
    login(client, _user(world, role))
    response = client.get(reverse("help:page", args=[role.value]))
    page = response.content.decode()
    assert response.status_code == 200
    assert f"{role.label}使用说明" in page
    assert '<span class="badge">您的角色</span>' in page
    assert [step for step in KEY_STEPS[role] if step not in page] == []


@pytest.mark.parametrize("role", list(KEY_STEPS))
def test_the_menu_leads_to_the_help_with_ones_own_role_first(client, world, role):
    login(client, _user(world, role))
    home = client.get(reverse("home")).content.decode()
    nav = home.split('class="mainnav"', 1)[1].split("</nav>", 1)[0]
    assert f'href="{reverse("help:index")}"' in nav
    assert "使用说明" in nav
    index = client.get(reverse("help:index")).content.decode()
    own, others = index.split("其他角色", 1)
    assert f'href="{reverse("help:page", args=[role.value])}"' in own.split("您的角色", 1)[1]
    assert f'href="{reverse("help:page", args=[role.value])}"' not in others


def test_a_person_with_two_roles_sees_both_first(client, world):
    user = _user(world, Role.OFFICE)
    with_role(user, Role.ASSESSOR)
    login(client, user)
    index = client.get(reverse("help:index")).content.decode()
    own = index.split("您的角色", 1)[1].split("其他角色", 1)[0]
    assert "文明办工作人员" in own
    assert "考核人员" in own
    assert "文明委委员" not in own


def test_the_help_is_readable_without_signing_in_and_unknown_roles_are_404(client, db):
    index = client.get(reverse("help:index"))
    assert index.status_code == 200
    assert "您的角色" not in index.content.decode()
    assert client.get(reverse("help:page", args=["office"])).status_code == 200
    assert client.get("/help/nobody/").status_code == 404
