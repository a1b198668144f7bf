"""The admin site speaks Chinese: its header, every section and every model (issue 13)."""

import re

import pytest
from django.contrib import admin
from tests.conftest import login
from tests.factories import UserFactory, with_role

from wenming.accounts.models import Role

ASCII_LETTERS = re.compile(r"[A-Za-z]")


def _admin_index(client, user):
    login(client, user)
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    return response


def _names(response) -> list[str]:
    names = []
    for app in response.context["app_list"]:
        names.append(str(app["name"]))
        names.extend(str(model["name"]) for model in app["models"])
    return names


@pytest.mark.django_db
def test_everything_registered_is_named_in_chinese_for_the_superuser(client):
    response = _admin_index(client, UserFactory(is_superuser=True, is_staff=True))
    names = _names(response)
    # Every registered model appears, so none escapes the check below.
    assert len([n for app in response.context["app_list"] for n in app["models"]]) == len(
        admin.site._registry
    )
    assert [n for n in names if ASCII_LETTERS.search(n)] == []
    page = response.content.decode()
    assert "文明创建管理系统" in page
    assert "登录失败锁定" in page
    assert "动态口令设备" in page
    assert "Axes" not in page
    assert "TOTP device" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.ADMIN, ["名录", "地区", "用户与角色"]),
        (Role.SECURITY, ["登录失败锁定", "登录失败记录", "动态口令", "备用口令", "角色分配"]),
        (Role.AUDITOR, []),
    ],
)
def test_each_admin_role_sees_its_sections_in_chinese(client, db, role, expected):
    user = with_role(UserFactory(username=f"admin-{role}", is_staff=True), role)
    response = _admin_index(client, user)
    names = _names(response)
    assert [n for n in names if ASCII_LETTERS.search(n)] == []
    for name in expected:
        assert name in names
    assert "<title>系统管理 | 文明创建管理系统</title>" in response.content.decode()


@pytest.mark.django_db
def test_an_app_page_is_named_in_chinese_too(client):
    login(client, UserFactory(is_superuser=True, is_staff=True))
    response = client.get("/admin/axes/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert [n for n in _names(response) if ASCII_LETTERS.search(n)] == []
    assert "登录失败锁定" in response.content.decode()
