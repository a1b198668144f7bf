"""The OpenAPI document's refusals: every operation lists the 4xx answers it can give.

drf-spectacular documents the success of each operation only. Here each also gets, in the
one ``Error`` shape (``wenming.api_support.errors``):

- 403 always (no role, another county's object, a service's permission refusal);
- 400 when it takes a body or query parameters (validation, business rules, bad pages);
- 404 when its path or its body names an object (absent, or outside the caller's scope);
- 415 when it takes a body (a body in a format it does not read);
- 429 when the view is rate-limited (DRF throttles, or the actions a viewset names in
  ``rate_limited``, which count in the shared cache themselves).

Set as ``DEFAULT_SCHEMA_CLASS``.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from drf_spectacular.authentication import BasicScheme, SessionScheme
from drf_spectacular.plumbing import ComponentRegistry

from .errors import ErrorSerializer

#: What each refusal means, as the document says it.
ERROR_DESCRIPTIONS = {
    "400": _("请求有误：字段校验未通过、不符合业务规则，或分页参数无效。"),
    "403": _("未登录、没有权限，或对象不在您的管辖范围内。"),
    "404": _("对象不存在，或不在您的管辖范围内。"),
    "415": _("请求体的格式不受支持：请用 application/json。"),
    "429": _("请求过于频繁，请稍后再试。"),
}


class SecondFactorSessionScheme(SessionScheme):  # type: ignore[no-untyped-call]  # drf-spectacular is untyped
    """The session sign-in (with its second factor) is the cookie scheme of the document.

    Named by path: the accounts app sits beside this one in the layers."""

    target_class = "wenming.accounts.api_auth.SecondFactorSessionAuthentication"
    optional = True


class PasswordOnlyBasicScheme(BasicScheme):  # type: ignore[no-untyped-call]  # drf-spectacular is untyped
    """HTTP Basic (for roles without a second factor) is the basic scheme of the document."""

    target_class = "wenming.accounts.api_auth.PasswordOnlyBasicAuthentication"
    optional = True


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema with the error answers of every operation."""

    def get_operation(
        self,
        path: str,
        path_regex: str,
        path_prefix: str,
        method: str,
        registry: ComponentRegistry,
    ) -> dict[str, Any] | None:
        operation: dict[str, Any] | None = super().get_operation(
            path, path_regex, path_prefix, method, registry
        )
        if operation is None:
            return None
        error = self.resolve_serializer(ErrorSerializer, "response")
        self.registry.register_on_missing(error)
        responses = operation.setdefault("responses", {})
        for code in self.error_codes(operation):
            responses.setdefault(
                code,
                {
                    "content": {"application/json": {"schema": error.ref}},
                    "description": str(ERROR_DESCRIPTIONS[code]),
                },
            )
        return operation

    def error_codes(self, operation: dict[str, Any]) -> list[str]:
        """The 4xx codes this operation can answer."""
        places = {parameter["in"] for parameter in operation.get("parameters", [])}
        codes = ["403"]
        if "requestBody" in operation or "query" in places:
            codes.append("400")
        if "requestBody" in operation:
            codes.append("415")
        if "path" in places or "requestBody" in operation:
            codes.append("404")
        limited = getattr(self.view, "action", None) in getattr(self.view, "rate_limited", ())
        if getattr(self.view, "throttle_classes", None) or limited:
            codes.append("429")
        return sorted(codes)
