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

from wenming.accounts.permissions import signed_in_user
from wenming.api_support import call_service
from wenming.domain.privacy import mask_phone
from wenming.registry.scopes import contact_in_full, organizations_for, regions_for, scope_of

from . import services
from .models import Body, Organization, Region, Title
from .services import ORGANIZATION_FIELDS, TITLE_FIELDS


class RegionSerializer(serializers.ModelSerializer[Region]):
    # The API names the field "parent" as the model does; DRF's Field.parent (the enclosing
    # serializer) is a different thing of the same name, hence the ignore.
    parent: serializers.SlugRelatedField[Region] = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="code",
        read_only=True,
        allow_null=True,  # a province has no parent
    )

    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "parent"]


class BodySerializer(serializers.ModelSerializer[Body]):
    region: serializers.SlugRelatedField[Region] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = Body
        fields = ["id", "name", "region", "supervises", "screens"]


class OrganizationSerializer(serializers.ModelSerializer[Organization]):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    body = serializers.PrimaryKeyRelatedField(
        queryset=Body.objects.filter(supervises=True), allow_null=True, required=False
    )

    class Meta:
        model = Organization
        fields = ["id", *ORGANIZATION_FIELDS]

    def to_representation(self, instance: Organization) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        request = self.context.get("request")
        scope = scope_of(signed_in_user(request)) if request is not None else None
        if scope is None or not contact_in_full(scope, instance.pk, instance.region.path):
            data["contact_phone"] = mask_phone(data.get("contact_phone") or "")
        return data


class TitleSerializer(serializers.ModelSerializer[Title]):
    class Meta:
        model = Title
        fields = ["id", *TITLE_FIELDS]
        read_only_fields = ["status", "ended_on", "end_reason", "end_document"]


class RegionViewSet(viewsets.ReadOnlyModelViewSet[Region]):
    serializer_class = RegionSerializer

    def get_queryset(self) -> QuerySet[Region]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn with nobody signed in
            return Region.objects.none()
        return regions_for(signed_in_user(self.request)).select_related("parent").order_by("path")


class BodyViewSet(viewsets.ReadOnlyModelViewSet[Body]):
    serializer_class = BodySerializer
    queryset = Body.objects.select_related("region").order_by("name")


class OrganizationViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet[Organization],
):
    serializer_class = OrganizationSerializer

    def get_queryset(self) -> QuerySet[Organization]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn with nobody signed in
            return Organization.objects.none()
        return (
            organizations_for(signed_in_user(self.request)).select_related("region").order_by("id")
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organization = call_service(
            services.organization_create,
            acting_user=signed_in_user(request),
            **serializer.validated_data,
        )
        return Response(self.get_serializer(organization).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        organization = self.get_object()
        serializer = self.get_serializer(organization, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        organization = call_service(
            services.organization_update,
            acting_user=signed_in_user(request),
            organization=organization,
            **serializer.validated_data,
        )
        return Response(self.get_serializer(organization).data)


class TitleViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Title]):
    serializer_class = TitleSerializer

    def get_queryset(self) -> QuerySet[Title]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn with nobody signed in
            return Title.objects.none()
        return Title.objects.filter(
            organization__in=organizations_for(signed_in_user(self.request))
        ).order_by("id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        organization = data.pop("organization")
        if not organizations_for(signed_in_user(request)).filter(pk=organization.pk).exists():
            raise PermissionDenied
        title = call_service(
            services.title_add,
            acting_user=signed_in_user(request),
            organization=organization,
            **data,
        )
        return Response(self.get_serializer(title).data, status=status.HTTP_201_CREATED)
