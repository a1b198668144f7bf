"""Password rules (GB/T 22239-2019 §8.1.4.1 身份鉴别): strength, history and expiry.

- ``StrengthValidator``: at least 10 characters and 3 of the 4 character classes.
- ``HistoryValidator``: the last ``PASSWORD_HISTORY_COUNT`` passwords can't be reused.
  Its ``password_changed`` hook (called by Django whenever a user is saved after
  ``set_password``: the change page, the admin, ``createsuperuser``, the demo) records
  the new hash in ``PasswordHistory``, so the history is kept in one place.
- ``password_expired`` and ``PasswordExpiryMiddleware``: a signed-in user whose password
  is older than ``PASSWORD_EXPIRY_DAYS`` (0: never) is sent to the change page.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.hashers import check_password
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .open_views import OPEN_VIEWS

MIN_LENGTH = 10
MIN_CLASSES = 3


class PasswordHistory(models.Model):
    """One password a user has had (its hash only), newest last."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="password_history",
    )
    password = models.CharField(_("密码哈希"), max_length=128)
    created_at = models.DateTimeField(_("设置时间"), default=timezone.now, db_index=True)

    class Meta:
        app_label = "accounts"
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.created_at:%Y-%m-%d}"


def character_classes(password: str) -> int:
    """How many of upper case, lower case, digits and other symbols the password uses."""
    return sum(
        [
            any(c.isupper() for c in password),
            any(c.islower() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
    )


class StrengthValidator:
    """At least ``MIN_LENGTH`` characters using at least ``MIN_CLASSES`` of the 4 classes."""

    def validate(self, password: str, user: AbstractBaseUser | None = None) -> None:
        if len(password) < MIN_LENGTH or character_classes(password) < MIN_CLASSES:
            raise ValidationError(self.get_help_text(), code="password_too_weak")

    def get_help_text(self) -> str:
        return gettext(
            "密码至少 %(length)d 个字符，并且至少包含大写字母、小写字母、数字、符号中的 "
            "%(classes)d 类。"
        ) % {"length": MIN_LENGTH, "classes": MIN_CLASSES}


class HistoryValidator:
    """The last ``PASSWORD_HISTORY_COUNT`` passwords can't be used again."""

    def validate(self, password: str, user: AbstractBaseUser | None = None) -> None:
        if user is None or user.pk is None:
            return
        for old in recent_hashes(user):
            if check_password(password, old):
                raise ValidationError(self.get_help_text(), code="password_reused")

    def password_changed(self, password: str, user: AbstractBaseUser) -> None:
        """Record the hash just saved (Django calls this after ``set_password`` + save)."""
        if user.pk is not None and user.password:
            PasswordHistory.objects.create(user_id=user.pk, password=user.password)

    def get_help_text(self) -> str:
        return gettext("新密码不能与最近 %(count)d 次使用过的密码相同。") % {
            "count": settings.PASSWORD_HISTORY_COUNT
        }


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def _on_user_created(
    sender: object, instance: AbstractBaseUser, created: bool, **_: object
) -> None:
    # ``create_user`` and ``createsuperuser`` hash the password without ``set_password``,
    # so Django never calls ``password_changed`` for a new account: record it here.
    if created and instance.has_usable_password() and getattr(instance, "_password", None) is None:
        PasswordHistory.objects.create(user_id=instance.pk, password=instance.password)


def recent_hashes(user: AbstractBaseUser) -> list[str]:
    """The hashes of the user's last ``PASSWORD_HISTORY_COUNT`` passwords, newest first."""
    count = settings.PASSWORD_HISTORY_COUNT
    if count <= 0:
        return []
    rows = PasswordHistory.objects.filter(user_id=user.pk).values_list("password", flat=True)
    return list(rows[:count])


def password_set_at(user: AbstractBaseUser) -> datetime | None:
    """When the user's current password was set: its history row, else when they joined."""
    last = (
        PasswordHistory.objects.filter(user_id=user.pk).values_list("created_at", flat=True).first()
    )
    joined: datetime | None = getattr(user, "date_joined", None)
    return last or joined


#: Where the session keeps when its user's password expires (ISO time, "" for never), so
#: the middleware asks the database once per sign-in rather than on every request.
SESSION_KEY = "wenming_password_expires_at"

#: Pages a user with an expired password may still reach: the change page itself, signing
#: out, the second factor's pages (passed before the change page opens), and the public
#: pages that need no account (static files are served before this middleware).
EXEMPT_URL_NAMES = OPEN_VIEWS | {"password_change"}


def expires_at(user: AbstractBaseUser) -> datetime | None:
    """When the user's password expires, or None when it never does."""
    days = settings.PASSWORD_EXPIRY_DAYS
    if days <= 0 or not user.has_usable_password():
        return None
    set_at = password_set_at(user)
    return None if set_at is None else set_at + timedelta(days=days)


def password_expired(user: AbstractBaseUser, now: datetime | None = None) -> bool:
    """True when ``PASSWORD_EXPIRY_DAYS`` is on and the password is older than that."""
    at = expires_at(user)
    return at is not None and (now or timezone.now()) > at


def expired_message() -> str:
    """What a user whose password has expired is told, on a page or by the API."""
    return gettext("您的密码已超过有效期，请先修改密码再继续使用。")


def remember_expiry(request: HttpRequest, user: AbstractBaseUser) -> None:
    """Keep in the session when the signed-in user's password expires."""
    at = expires_at(user)
    request.session[SESSION_KEY] = at.isoformat() if at else ""


@receiver(user_logged_in)
def _on_login(
    sender: object, request: HttpRequest | None, user: AbstractBaseUser, **_: object
) -> None:
    if request is not None and hasattr(request, "session"):
        remember_expiry(request, user)


class PasswordExpiryMiddleware:
    """Send a signed-in user whose password has expired to the password-change page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and self._expired(request, user)
            and not self._exempt(request)
        ):
            message = expired_message()
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": message, "errors": {}}, status=403)
            messages.warning(request, message)
            return HttpResponseRedirect(reverse("password_change"))
        return self.get_response(request)

    @staticmethod
    def _expired(request: HttpRequest, user: AbstractBaseUser) -> bool:
        if SESSION_KEY not in request.session:  # signed in before this was kept
            remember_expiry(request, user)
        stamp = request.session[SESSION_KEY]
        return bool(stamp) and timezone.now() > datetime.fromisoformat(stamp)

    @staticmethod
    def _exempt(request: HttpRequest) -> bool:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return True  # the 404 page is shown as it is
        return match.view_name in EXEMPT_URL_NAMES
