"""REST API of frameworks: read for anyone with a role, import for office staff.

The import goes through ``framework_import``, the same service as the page and the
command, so validation, versioning and the audit event are the same.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter
from rest_framework.views import APIView

from wenming.accounts.permissions import signed_in_user

from . import services
from .models import Framework
from .selectors import SUMMARY_FIELDS, framework_list

#: What the API shows of a version in a list (the list's own fields, less its save time).
LIST_FIELDS = list(SUMMARY_FIELDS)


class FrameworkSerializer(serializers.ModelSerializer[Framework]):
    class Meta:
        model = Framework
        fields = LIST_FIELDS
        read_only_fields = LIST_FIELDS


class FrameworkDetailSerializer(serializers.ModelSerializer[Framework]):
    class Meta:
        model = Framework
        fields = [*LIST_FIELDS, "issuing_body", "category", "level", "document"]
        read_only_fields = fields


class FrameworkImportSerializer(serializers.Serializer[dict[str, Any]]):
    document = serializers.JSONField(help_text="The framework document (the YAML form as JSON).")


class CanViewFrameworks(permissions.BasePermission):
    """Reading needs a role; writing is checked by the service (office staff)."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user.has_perm("frameworks.view_framework"))


class FrameworkViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Framework]):
    permission_classes = [permissions.IsAuthenticated, CanViewFrameworks]

    def get_queryset(self) -> QuerySet[Framework]:
        if self.action == "retrieve":
            return Framework.objects.all()
        return framework_list()

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "retrieve":
            return FrameworkDetailSerializer
        if self.action == "create":
            return FrameworkImportSerializer
        return FrameworkSerializer

    @extend_schema(request=FrameworkImportSerializer, responses={201: FrameworkDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Import a framework document: a new draft version, or no change when identical."""
        incoming = FrameworkImportSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            framework, created = services.framework_import(
                acting_user=signed_in_user(request), document=incoming.validated_data["document"]
            )
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        except DjangoValidationError as error:
            raise ValidationError({"document": error.messages}) from error
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(FrameworkDetailSerializer(framework).data, status=code)


def register(router: BaseRouter) -> None:
    """Add the framework endpoints to the API router."""
    router.register("frameworks", FrameworkViewSet, basename="framework")
