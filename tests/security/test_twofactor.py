"""Two factors for staff (GB/T 22239-2019 §8.1.4.1 身份鉴别): TOTP enrolment by QR code,
the code after the password, recovery codes, the API and HTTP Basic refused until then."""

import base64

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.conftest import PASSWORD, login

from wenming.accounts.models import User
from wenming.audit.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]

SETUP = reverse("accounts:second_factor_setup")
VERIFY = reverse("accounts:second_factor")


def code_of(device: TOTPDevice, *, offset: int = 0) -> str:
    """The code the person's phone shows now (``offset`` steps away for a wrong one)."""
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset)
    return f"{value:0{device.digits}d}"


def enrolled(user: User) -> tuple[TOTPDevice, list[str]]:
    device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=True)
    static = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = ["abcd2345", "efgh6723"]
    for c in codes:
        StaticToken.objects.create(device=static, token=c)
    return device, codes


def events(action: str, user: User) -> int:
    return AuditEvent.objects.filter(action=action, object_id=str(user.pk)).count()


@override_settings(WENMING_REQUIRE_2FA=True)
def test_staff_with_only_a_password_is_sent_to_enrolment(client, cast):
    login(client, cast.county)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2F"
    # Every other page too, the admin site included.
    assert client.get("/organizations/").status_code == 302
    assert client.get("/admin/").status_code == 302


@override_settings(WENMING_REQUIRE_2FA=True)
def test_the_password_form_alone_does_not_open_the_workspace(client, cast):
    cast.county.set_password(PASSWORD)
    cast.county.save()
    signed_in = client.post(reverse("login"), {"username": "county", "password": PASSWORD})
    assert signed_in.status_code == 302
    home = client.get(signed_in["Location"])
    assert home.status_code == 302
    assert home["Location"].startswith(SETUP)


@override_settings(WENMING_REQUIRE_2FA=True)
def test_staff_with_a_device_is_asked_for_the_code(client, cast):
    enrolled(cast.city)
    login(client, cast.city)
    response = client.get("/organizations/")
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    # Signing out and the public pages stay open.
    assert client.get(reverse("committee:verify_form")).status_code == 200


@override_settings(WENMING_REQUIRE_2FA=True)
def test_the_api_refuses_a_staff_session_without_the_second_factor(client, cast):
    login(client, cast.county)
    response = client.get("/api/frameworks/")
    assert response.status_code == 403
    assert "双因素认证" in response.json()["detail"]


@override_settings(WENMING_REQUIRE_2FA=True)
def test_http_basic_is_refused_for_staff_but_not_for_an_applicant(client, cast):
    for user in (cast.county, cast.applicant):
        user.set_password(PASSWORD)
        user.save()

    def basic(user: User) -> dict[str, str]:
        pair = base64.b64encode(f"{user.username}:{PASSWORD}".encode()).decode()
        return {"HTTP_AUTHORIZATION": f"Basic {pair}"}

    staff = client.get("/api/frameworks/", **basic(cast.county))
    assert staff.status_code == 403
    assert "双因素认证" in staff.json()["detail"]
    assert client.get("/api/frameworks/", **basic(cast.applicant)).status_code == 200


@override_settings(WENMING_REQUIRE_2FA=True)
def test_enrolment_shows_a_qr_code_and_confirms_with_a_code_from_the_key(client, cast):
    login(client, cast.county)
    page = client.get(SETUP)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=cast.county, confirmed=False)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    assert secret in page.text
    assert 'src="data:image/svg+xml' in page.text

    done = client.post(SETUP, {"code": code_of(device), "next": "/"})
    assert done.status_code == 200
    assert "只显示这一次" in done.text
    codes = list(
        StaticToken.objects.filter(device__user=cast.county).values_list("token", flat=True)
    )
    assert len(codes) == 10
    assert all(c in done.text for c in codes)
    device.refresh_from_db()
    assert device.confirmed
    assert events("twofactor.enrol", cast.county) == 1
    assert client.get("/").status_code == 200
    assert client.get("/api/frameworks/").status_code == 200


@override_settings(WENMING_REQUIRE_2FA=True)
def test_a_confirmed_device_cannot_be_replaced_with_only_the_password(client, cast):
    enrolled(cast.county)
    login(client, cast.county)
    assert client.get(SETUP)["Location"] == VERIFY
    assert TOTPDevice.objects.filter(user=cast.county).count() == 1


@override_settings(WENMING_REQUIRE_2FA=True)
def test_a_wrong_code_fails_and_is_audited(client, cast):
    device, _ = enrolled(cast.county)
    login(client, cast.county)
    response = client.post(VERIFY, {"code": code_of(device, offset=5), "next": "/"})
    assert response.status_code == 200
    assert "验证码不正确或已过期" in response.text
    assert client.get("/").status_code == 302
    assert events("twofactor.fail", cast.county) == 1


@override_settings(WENMING_REQUIRE_2FA=True)
def test_the_right_code_opens_the_session(client, cast):
    device, _ = enrolled(cast.county)
    login(client, cast.county)
    response = client.post(VERIFY, {"code": code_of(device), "next": "/organizations/"})
    assert response.status_code == 302
    assert response["Location"] == "/organizations/"
    assert client.get("/organizations/").status_code == 200


@override_settings(WENMING_REQUIRE_2FA=True)
def test_repeated_wrong_codes_lock_the_account(client, cast):
    device, _ = enrolled(cast.county)
    login(client, cast.county)
    responses = [client.post(VERIFY, {"code": code_of(device, offset=9)}) for _ in range(5)]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    assert "账号已锁定" in responses[-1].text
    # Signed out: the next page asks for the password again.
    assert client.get("/")["Location"].startswith(reverse("login"))


@override_settings(WENMING_REQUIRE_2FA=True)
def test_a_recovery_code_works_once(client, cast):
    _, codes = enrolled(cast.county)
    login(client, cast.county)
    assert client.post(VERIFY, {"code": codes[0].upper(), "next": "/"}).status_code == 302
    assert client.get("/").status_code == 200
    assert events("twofactor.recovery_use", cast.county) == 1

    client.logout()
    login(client, cast.county)
    again = client.post(VERIFY, {"code": codes[0], "next": "/"})
    assert again.status_code == 200
    assert "验证码不正确或已过期" in again.text
    assert StaticToken.objects.filter(device__user=cast.county).count() == 1


@override_settings(WENMING_REQUIRE_2FA=True)
def test_an_applicant_is_not_forced_but_may_opt_in(client, cast):
    login(client, cast.applicant)
    assert client.get("/").status_code == 200
    account = client.get(reverse("accounts:account"))
    assert "启用双因素认证" in account.text

    client.get(SETUP)
    device = TOTPDevice.objects.get(user=cast.applicant)
    client.post(SETUP, {"code": code_of(device)})
    client.logout()
    # Once chosen, the second factor is asked at every sign-in.
    login(client, cast.applicant)
    assert client.get("/")["Location"].startswith(VERIFY)


def test_without_the_setting_staff_are_not_forced(client, cast):
    login(client, cast.county)
    assert client.get("/").status_code == 200


@override_settings(WENMING_REQUIRE_2FA=True)
def test_each_visit_of_the_setup_page_shows_a_new_key(client, cast):
    login(client, cast.county)
    client.get(SETUP)
    first = TOTPDevice.objects.get(user=cast.county, confirmed=False)
    client.get(SETUP)
    second = TOTPDevice.objects.get(user=cast.county, confirmed=False)
    assert first.bin_key != second.bin_key
    # Whoever saw the first page holds a key that no longer confirms anything.
    refused = client.post(SETUP, {"code": code_of(first)})
    assert "验证码不正确" in refused.text
    assert not TOTPDevice.objects.filter(user=cast.county, confirmed=True).exists()
    # After a wrong code the page keeps the key already scanned.
    assert TOTPDevice.objects.get(user=cast.county, confirmed=False).pk == second.pk
    # (django-otp makes the device wait after a wrong code; the person would.)
    TOTPDevice.objects.filter(pk=second.pk).update(throttling_failure_count=0)
    client.post(SETUP, {"code": code_of(second)})
    assert TOTPDevice.objects.get(user=cast.county).confirmed
