"""The REST API's sign-in: a staff session counts only after its second factor.

``settings.REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]`` names these two. A
session that passed the password but not the second factor is refused with 403 and a
Chinese message. HTTP Basic sends the password alone, so it is refused for everyone who
must use a second factor (staff and administrators when ``WENMING_REQUIRE_2FA`` is on,
and anyone who enrolled a device); others (scripts of applicants) may keep using it,
until their password expires (as the pages, which send them to change it first).
"""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BasicAuthentication, SessionAuthentication
from rest_framework.request import Request

from .passwords import expired_message, password_expired
from .twofactor import must_use_second_factor, second_factor_missing


class SecondFactorSessionAuthentication(SessionAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is not None and second_factor_missing(request._request.user):
            raise exceptions.PermissionDenied(
                _("请先完成双因素认证：在网页上输入认证器应用中的 6 位验证码后再使用接口。")
            )
        return result


class PasswordOnlyBasicAuthentication(BasicAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is not None and must_use_second_factor(result[0]):
            raise exceptions.PermissionDenied(
                _("工作人员须使用双因素认证，不能只凭密码调用接口。请在网页登录并完成验证后使用。")
            )
        if result is not None and password_expired(result[0]):
            raise exceptions.PermissionDenied(expired_message())
        return result
