"""REST API of the registry: read within the caller's scope, write for office staff.

Writes go through the same services as the pages, so permissions and audit
events are the same whichever way a change arrives.
"""

from typing import Any

from django.db.models import QuerySet
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from wenming.api_support import call_service
from wenming.registry.scopes import organizations_for, regions_for

from . import services
from .models import Body, Organization, Region, Title
from .services import ORGANIZATION_FIELDS, TITLE_FIELDS


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "parent"]


class BodySerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Body
        fields = ["id", "name", "region", "supervises", "screens"]


class OrganizationSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    body = serializers.PrimaryKeyRelatedField(
        queryset=Body.objects.filter(supervises=True), allow_null=True, required=False
    )

    class Meta:
        model = Organization
        fields = ["id", *ORGANIZATION_FIELDS]


class TitleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Title
        fields = ["id", *TITLE_FIELDS]
        read_only_fields = ["status", "ended_on", "end_reason", "end_document"]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RegionSerializer

    def get_queryset(self) -> QuerySet[Region]:
        return regions_for(self.request.user).select_related("parent").order_by("path")


class BodyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = BodySerializer
    queryset = Body.objects.select_related("region").order_by("name")


class OrganizationViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    serializer_class = OrganizationSerializer

    def get_queryset(self) -> QuerySet[Organization]:
        return organizations_for(self.request.user).select_related("region").order_by("id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organization = call_service(
            services.organization_create, acting_user=request.user, **serializer.validated_data
        )
        return Response(self.get_serializer(organization).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        organization = self.get_object()
        serializer = self.get_serializer(organization, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        organization = call_service(
            services.organization_update,
            acting_user=request.user,
            organization=organization,
            **serializer.validated_data,
        )
        return Response(self.get_serializer(organization).data)


class TitleViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = TitleSerializer

    def get_queryset(self) -> QuerySet[Title]:
        return Title.objects.filter(organization__in=organizations_for(self.request.user)).order_by(
            "id"
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        organization = data.pop("organization")
        if not organizations_for(request.user).filter(pk=organization.pk).exists():
            raise PermissionDenied
        title = call_service(
            services.title_add, acting_user=request.user, organization=organization, **data
        )
        return Response(self.get_serializer(title).data, status=status.HTTP_201_CREATED)
