"""One error format for every refusal of the API, whatever refused.

A serializer's validation, a permission, a missing object, a bad page and a service's
business rule all answer ``{"detail": "...", "errors": {"field": ["...", ...]}}``: ``detail``
says in words what is wrong; ``errors`` names each field that is wrong (empty when the
refusal is not about one field). The OpenAPI document names the shape ``Error`` and gives
it to every 4xx response (``wenming.api_support.schema``).
"""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


class ErrorSerializer(serializers.Serializer[dict[str, Any]]):
    """The body of every 4xx answer."""

    detail = serializers.CharField(help_text="What is wrong and what to do, in words.")

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # ``errors`` is declared here: a serializer attribute of that name is its own.
        fields = super().get_fields()
        fields["errors"] = serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            help_text="Each field that is wrong, with its messages (a nested field as a.0.b); "
            "empty when the refusal is not about a field.",
        )
        return fields


def django_validation_error(error: DjangoValidationError) -> ValidationError:
    """A service's ``ValidationError`` as the API's: by field when it names fields."""
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages)


def _flatten(data: Any, prefix: str, out: dict[str, list[str]]) -> None:
    """DRF's nested error structure as ``{"a.0.b": [messages]}``."""
    if isinstance(data, dict):
        for key, value in data.items():
            _flatten(value, f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(data, list) and any(isinstance(item, dict | list) for item in data):
        for index, value in enumerate(data):
            if value:
                _flatten(value, f"{prefix}.{index}" if prefix else str(index), out)
    elif isinstance(data, list):
        out.setdefault(prefix, []).extend(str(item) for item in data)
    else:
        out.setdefault(prefix, []).append(str(data))


def error_body(data: Any, *, invalid: bool) -> dict[str, Any]:
    """The one error shape from what DRF's handler made of the exception."""
    if not invalid:
        detail = data.get("detail", "") if isinstance(data, dict) else data
        return {"detail": str(detail), "errors": {}}
    errors: dict[str, list[str]] = {}
    _flatten(data, "", errors)
    # Refusals that are not about one field (a business rule) are the detail itself.
    general = errors.pop("", []) + errors.pop(api_settings.NON_FIELD_ERRORS_KEY, [])
    fix_fields = _("提交的内容有误，请按各项的提示修改后再提交。")
    detail = " ".join(general) if general else fix_fields
    return {"detail": detail, "errors": errors}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, then the one error shape (set as ``EXCEPTION_HANDLER``).

    A service's Django ``ValidationError`` that reached the view without ``call_service``
    is a 400 too, not a server error.
    """
    if isinstance(exc, DjangoValidationError):
        exc = django_validation_error(exc)
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = error_body(response.data, invalid=isinstance(exc, ValidationError))
    return response


def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """An address under /api/ that names no endpoint: a 404 in the one error format."""
    return JsonResponse({"detail": str(NotFound.default_detail), "errors": {}}, status=404)
