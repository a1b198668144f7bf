"""REST API of the notification centre: one's own notifications (list, mark read, mark
all read) and the office's delivery log; the same services as the pages."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from wenming.accounts.permissions import signed_in_user
from wenming.api_support import call_service

from . import selectors, services
from .models import Delivery, Notification


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    unread = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "created_at", "read_at", "unread"]
        read_only_fields = fields


class DeliverySerializer(serializers.ModelSerializer[Delivery]):
    recipient = serializers.CharField(source="notification.recipient", read_only=True)
    title = serializers.CharField(source="notification.title", read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id", "notification", "recipient", "title", "channel", "status", "attempts",
            "next_attempt_at", "last_error", "sent_at", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Notification]
):
    """One's own notifications, unread first."""

    serializer_class = NotificationSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[Notification]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn with nobody signed in
            return Notification.objects.none()
        return selectors.inbox(signed_in_user(self.request))

    @extend_schema(request=None, responses={200: NotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        """Mark one notification read."""
        notification = call_service(
            services.notification_read,
            acting_user=signed_in_user(request),
            notification=self.get_object(),
        )
        return Response(NotificationSerializer(notification).data)

    @extend_schema(
        request=None,
        responses={200: inline_serializer("ReadAll", {"count": serializers.IntegerField()})},
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        """Mark every unread notification read; answers how many."""
        count = call_service(services.notifications_read_all, acting_user=signed_in_user(request))
        return Response({"count": count})


class DeliveryViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Delivery]):
    """The office's delivery log of its territory: each send, its attempts and error."""

    serializer_class = DeliverySerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[Delivery]:
        if getattr(self, "swagger_fake_view", False):
            return Delivery.objects.none()
        user = signed_in_user(self.request)
        if not user.has_perm("notifications.view_deliveries"):
            raise PermissionDenied
        return selectors.deliveries_for(user)


def register(router: BaseRouter) -> None:
    """Add the notification centre's endpoints to the API router."""
    router.register("notifications", NotificationViewSet, basename="notification")
    router.register("notification-deliveries", DeliveryViewSet, basename="notification-delivery")
