"""REST API of publicity: the current lists (public read), objections (public create;
the running office lists and decides them)."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import Throttled
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from wenming.accounts.permissions import signed_in_user
from wenming.api_support import call_service
from wenming.domain.privacy import mask_contact

from . import selectors, services, throttle
from .models import Objection, Publicity, PublicityEntry


class EntrySerializer(serializers.Serializer[PublicityEntry]):
    application = serializers.IntegerField(source="application_id")
    organization = serializers.CharField(source="application.organization.name")
    award = serializers.CharField(source="application.award.label")


class PublicitySerializer(serializers.ModelSerializer[Publicity]):
    campaign_name = serializers.CharField(source="campaign.name")
    entries = EntrySerializer(many=True)  # only those still published: see selectors.current

    class Meta:
        model = Publicity
        fields = [
            "id",
            "campaign",
            "campaign_name",
            "starts_on",
            "ends_on",
            "working_days",
            "contact_phone",
            "contact_address",
            "entries",
        ]


class PublicityViewSet(viewsets.ReadOnlyModelViewSet[Publicity]):
    """The lists under publicity now: public, no login."""

    serializer_class = PublicitySerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet[Publicity]:
        return selectors.current().order_by("-starts_on", "-id")


class ObjectionSerializer(serializers.ModelSerializer[Objection]):
    class Meta:
        model = Objection
        fields = [
            "id",
            "publicity",
            "application",
            "reasons",
            "contact_name",
            "contact",
            "lodged_at",
            "status",
            "reply",
            "decided_at",
            "promoted",
        ]
        read_only_fields = ["lodged_at", "status", "reply", "decided_at", "promoted"]

    def to_representation(self, instance: Objection) -> dict[str, Any]:
        """The contact masked except for the office that handles the objection."""
        data = super().to_representation(instance)
        request = self.context.get("request")
        user = request.user if request is not None else None
        if user is None or not user.has_perm("publicity.view_objector_contact", instance):
            data["contact"] = mask_contact(data["contact"])
        return data


class DecideSerializer(serializers.Serializer[dict[str, Any]]):
    upheld = serializers.BooleanField()
    reply = serializers.CharField()


class ObjectionViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Objection],
):
    """Anyone lodges an objection; the running office lists and decides them."""

    serializer_class = ObjectionSerializer
    rate_limited = frozenset({"create"})  # per client address (``throttle``): 429 documented

    def get_permissions(self) -> list[permissions.BasePermission]:
        if self.action == "create":
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def get_queryset(self) -> QuerySet[Objection]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn with nobody signed in
            return Objection.objects.none()
        return selectors.objections_visible_to(signed_in_user(self.request))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        address = throttle.client_address(request.META)
        if not throttle.allow(address):
            raise Throttled()
        data = ObjectionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        publicity = data.validated_data["publicity"]
        objection = call_service(
            services.objection_lodge,
            acting_user=request.user,
            publicity=publicity,
            application_id=data.validated_data["application"].pk,
            reasons=data.validated_data["reasons"],
            contact=data.validated_data["contact"],
            contact_name=data.validated_data.get("contact_name", ""),
            source_ip=address,
        )
        return Response(ObjectionSerializer(objection).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DecideSerializer, responses={200: ObjectionSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        """Close an objection as upheld or rejected, with the reply."""
        objection = self.get_object()
        data = DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decided = call_service(
            services.objection_decide,
            acting_user=signed_in_user(request),
            objection=objection,
            **data.validated_data,
        )
        return Response(ObjectionSerializer(decided, context={"request": request}).data)


def register(router: BaseRouter) -> None:
    """Add the publicity endpoints to the API router."""
    router.register("publicities", PublicityViewSet, basename="publicity")
    router.register("objections", ObjectionViewSet, basename="objection")
