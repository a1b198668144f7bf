"""The admin-site permissions of the three administrators, answered from their role.

Listed in ``settings.AUTHENTICATION_BACKENDS`` after the others; it authenticates
nobody (``BaseBackend.authenticate`` returns None), it only answers ``has_perm`` and
``has_module_perms`` for model permissions, from ``admin_roles.ADMIN_PERMISSIONS``.
"""

from typing import Any

from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from .admin_roles import admin_permissions


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
