"""Authentication backends of accounts.

``AdminRoleBackend``: the admin-site permissions of the three administrators, answered
from their role. Listed in ``settings.AUTHENTICATION_BACKENDS`` after the others; it
authenticates nobody (``BaseBackend.authenticate`` returns None), it only answers
``has_perm`` and ``has_module_perms`` for model permissions, from
``admin_roles.ADMIN_PERMISSIONS``.

``DemoPasswordRefusedBackend``: listed before Django's ModelBackend, it refuses the
public demo password whenever DEBUG is off, so a database loaded with the demo (in
DEBUG) and then served in production opens to nobody who reads the README
(GB/T 22239-2019 §8.1.4.1 身份鉴别).
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.backends import BaseBackend, ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext

from wenming.compiled import compiled

from .admin_roles import admin_permissions
from .models import User

#: The password of every demo login (``wenming.demo`` sets it; the README prints it).
DEMO_PASSWORD = "wenming2026"  # noqa: S105  (public by design: refused when DEBUG is off)


class DemoPasswordRefusedBackend(BaseBackend):
    """Refuse any sign-in with the demo password when DEBUG is off."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        # WENMING_ALLOW_DEMO_PASSWORD: only for the browser walks of the demo (tests/e2e).
        if getattr(settings, "WENMING_ALLOW_DEMO_PASSWORD", settings.DEBUG):
            return
        if password != DEMO_PASSWORD:
            return
        if request is not None:
            messages.error(
                request,
                gettext(
                    "该账号仍在使用公开的演示密码，正式环境不允许用它登录。"
                    "请联系系统管理员为您重设密码。"
                ),
                fail_silently=True,
            )
        # Django's authenticate() stops here and sends user_login_failed: the attempt is
        # audited as a failed sign-in and counts toward the lockout.
        raise PermissionDenied

    def get_user(self, user_id: int) -> User | None:
        # A session names the first backend that has get_user when none is given (the test
        # client's force_login does): answer as the model backend, not BaseBackend's None.
        # Every request reads its user: compiled once (wenming.compiled).
        if not isinstance(user_id, int):
            found = ModelBackend().get_user(user_id)
            return found if isinstance(found, User) else None
        user = _user.first(user_id)
        return user if user is not None and ModelBackend().user_can_authenticate(user) else None


@compiled
def _user(pk: int) -> QuerySet[User]:
    return User.objects.filter(pk=pk).order_by()


class AdminRoleBackend(BaseBackend):
    """Model permissions granted by the administrator role a user holds."""

    def get_all_permissions(
        self, user_obj: AbstractBaseUser | AnonymousUser, obj: Any = None
    ) -> set[str]:
        # As Django's ModelBackend: model permissions only, never per object.
        if obj is not None:
            return set()
        return set(admin_permissions(user_obj))

    def has_module_perms(self, user_obj: AbstractBaseUser | AnonymousUser, app_label: str) -> bool:
        return any(p.startswith(f"{app_label}.") for p in admin_permissions(user_obj))
