"""The demo and the password rules (issue 15, defect 7): the demo's public password is
refused in production unless asked for, and its fresh logins are not sent to change it."""

import io

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from tests.conftest import login

from wenming.accounts.models import User
from wenming.demo.builder import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_the_demo_refuses_to_load_with_debug_off_unless_told() -> None:
    with pytest.raises(CommandError) as refused:
        call_command("load_demo", stdout=io.StringIO())
    assert "--allow-production" in str(refused.value)
    assert "不能在生产环境载入" in str(refused.value)
    assert not User.objects.exists()


def test_the_demo_logins_work_without_being_sent_to_change_the_password(client, settings) -> None:
    settings.PASSWORD_EXPIRY_DAYS = 180
    call_command("load_demo", allow_production=True, stdout=io.StringIO())
    user = (
        User.objects.filter(username="admin").first()
        or User.objects.filter(is_superuser=True).first()
    )
    assert user is not None
    assert user.check_password(DEMO_PASSWORD)
    # The demo sets its documented password directly; the rules would refuse it.
    with pytest.raises(ValidationError):
        validate_password(DEMO_PASSWORD, user)
    login(client, user)
    assert client.get(reverse("home")).status_code == 200
