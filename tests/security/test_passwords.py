"""Passwords (issue 15, defect 7; GB/T 22239 §8.1.4.1 身份鉴别): strength, history, expiry
and the audited change page."""

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from tests.conftest import login
from tests.factories import UserFactory

from wenming.accounts.models import User
from wenming.accounts.passwords import PasswordHistory
from wenming.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

STRONG = "Qiang-Mima-2026"


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


@pytest.mark.parametrize(
    "weak",
    [
        "Ab1!xyz",  # 7 characters, four classes
        "qiangmimaqiang",  # long, one class
        "qiangmima2026",  # long, two classes
    ],
)
def test_a_weak_password_is_refused_in_chinese(weak: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_password(weak)
    assert "至少 10 个字符" in messages_of(caught.value)


@pytest.mark.parametrize("strong", [STRONG, "qiangmima-2026", "QIANGMIMA-2026"])
def test_ten_characters_of_three_classes_pass(strong: str) -> None:
    validate_password(strong)


def test_the_last_five_passwords_cannot_be_reused() -> None:
    user = User.objects.create_user("zhang", password="Mima-0000-first")
    for n in range(1, 6):
        user.set_password(f"Mima-0000-{n:04d}")
        user.save()
    assert PasswordHistory.objects.filter(user=user).count() == 6
    with pytest.raises(ValidationError) as caught:
        validate_password("Mima-0000-0002", user)
    assert "最近 5 次" in messages_of(caught.value)
    # The sixth-newest (the first) has dropped out of the history that counts.
    validate_password("Mima-0000-first", user)


def test_the_change_page_refuses_a_reused_password_and_saves_nothing(client) -> None:
    user = User.objects.create_user("li", password=STRONG)
    login(client, user)
    response = client.post(
        reverse("password_change"),
        {"old_password": STRONG, "new_password1": STRONG, "new_password2": STRONG},
    )
    assert response.status_code == 200
    assert "最近 5 次" in response.content.decode()
    assert PasswordHistory.objects.filter(user=user).count() == 1
    assert not AuditEvent.objects.filter(action="user.password_change").exists()


def test_the_change_page_changes_the_password_and_audits_it(client) -> None:
    user = User.objects.create_user("wang", password=STRONG)
    login(client, user)
    page = client.get(reverse("password_change"))
    assert "修改密码" in page.content.decode()
    new = "Xin-Mima-2027!"
    response = client.post(
        reverse("password_change"),
        {"old_password": STRONG, "new_password1": new, "new_password2": new},
        follow=True,
    )
    assert "密码已修改" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(new)
    event = AuditEvent.objects.get(action="user.password_change")
    assert event.object_id == str(user.pk)
    assert new not in str(event.after)
    assert user.password not in str(event.after)


def age_password(user: User, days: int) -> None:
    PasswordHistory.objects.filter(user=user).update(
        created_at=timezone.now() - timedelta(days=days)
    )


def test_an_expired_password_sends_the_user_to_the_change_page(client, settings) -> None:
    settings.PASSWORD_EXPIRY_DAYS = 180
    user = User.objects.create_user("zhao", password=STRONG)
    age_password(user, 181)
    login(client, user)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("password_change")
    assert "密码已超过有效期" in response.content.decode()
    # The public pages stay open, and so does signing out.
    assert client.get(reverse("committee:verify_form")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302


def test_an_expired_password_closes_the_api_with_a_chinese_403(client, settings) -> None:
    settings.PASSWORD_EXPIRY_DAYS = 180
    user = User.objects.create_user("zhou", password=STRONG)
    age_password(user, 181)
    login(client, user)
    response = client.get(reverse("schema"))
    assert response.status_code == 403
    assert "密码已超过有效期" in response.json()["detail"]


def test_a_new_password_lifts_the_expiry(client, settings) -> None:
    settings.PASSWORD_EXPIRY_DAYS = 180
    user = User.objects.create_user("qian", password=STRONG)
    age_password(user, 200)
    login(client, user)
    new = "Xin-Mima-2027!"
    client.post(
        reverse("password_change"),
        {"old_password": STRONG, "new_password1": new, "new_password2": new},
    )
    assert client.get(reverse("home")).status_code == 200


def test_a_fresh_password_and_no_expiry_are_not_redirected(client, settings) -> None:
    settings.PASSWORD_EXPIRY_DAYS = 180
    fresh = UserFactory()
    login(client, fresh)
    assert client.get(reverse("home")).status_code == 200
    settings.PASSWORD_EXPIRY_DAYS = 0
    old = User.objects.create_user("sun", password=STRONG)
    age_password(old, 5000)
    login(client, old)
    assert client.get(reverse("home")).status_code == 200


def test_an_expired_password_and_a_missing_second_factor_do_not_loop(
    client, settings, cast
) -> None:
    # The second factor comes first, then the change page: never a redirect loop.
    settings.PASSWORD_EXPIRY_DAYS = 180
    settings.WENMING_REQUIRE_2FA = True
    age_password(cast.city, 400)
    login(client, cast.city)
    response = client.get(reverse("home"), follow=True)
    assert response.status_code == 200
    assert len(response.redirect_chain) <= 3
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:second_factor_setup"))
