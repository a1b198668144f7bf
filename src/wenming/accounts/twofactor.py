"""Who must sign in with a second factor (TOTP), and the devices that provide it.

Staff and administrator roles (``models.STAFF_ROLES``) must, when
``settings.WENMING_REQUIRE_2FA`` is on; anyone who enrolled a device of their own accord
(an applicant, an assessor) must too, whatever the setting: a factor once chosen is
never skipped. The services that change devices are in ``services.py``.
"""

import base64

import segno
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .admin_roles import is_staff_role_holder
from .models import User

#: How many recovery codes an enrolment gives; each works once.
RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "recovery"


def has_confirmed_device(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def must_use_second_factor(
    user: AbstractBaseUser | AnonymousUser | None, *, has_device: bool | None = None
) -> bool:
    """Whether this signed-in user has to pass a second factor before working.
    ``has_device``: whether they hold a confirmed device, when the caller knows."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    if settings.WENMING_REQUIRE_2FA and is_staff_role_holder(user):
        return True
    return has_confirmed_device(user) if has_device is None else has_device


def is_verified(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """Whether the session passed its second factor (django-otp's middleware tells)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def second_factor_missing(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """A signed-in user who must pass a second factor and has not in this session.
    A verified session reads no device (the common case of staff at work)."""
    return not is_verified(user) and must_use_second_factor(user)


#: The session key of the device the setup page showed (the one its code confirms).
PENDING_DEVICE_SESSION_KEY = "wenming_pending_totp"


def pending_device(user: User, device_id: int | None) -> TOTPDevice | None:
    """The unconfirmed device of an enrolment under way, the one the page showed."""
    if device_id is None:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=False, pk=device_id).first()


def secret_text(device: TOTPDevice) -> str:
    """The device's key as the base32 text an authenticator app accepts by hand."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def qr_data_uri(device: TOTPDevice) -> str:
    """The enrolment QR code as an SVG data: URI (the CSP allows ``img-src data:``)."""
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=5))


def recovery_codes_left(user: User) -> int:
    device = StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).first()
    return device.token_set.count() if device is not None else 0
