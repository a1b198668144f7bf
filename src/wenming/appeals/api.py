"""REST API of appeals: the applicant lists and lodges its own, the office lists its
campaigns' and answers them (the same services as the pages; evidence files only on
the page)."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from wenming.accounts.permissions import signed_in_user
from wenming.api_support import call_service
from wenming.campaigns.models import Application

from . import selectors, services
from .models import Appeal

# ``outcome`` is plain text checked by the service (its one Chinese message): a choice
# field would make a second enum named "outcome" beside the committee's in the schema.
_OUTCOMES = "maintained (the result stands) or corrected (the office re-ranks)"


class AppealSerializer(serializers.ModelSerializer[Appeal]):
    application = serializers.PrimaryKeyRelatedField(queryset=Application.objects.all())
    organization = serializers.CharField(source="application.organization.name", read_only=True)
    outcome = serializers.CharField(read_only=True, help_text=_OUTCOMES)
    award = serializers.CharField(source="application.award.label", read_only=True)
    campaign = serializers.IntegerField(source="application.campaign_id", read_only=True)

    class Meta:
        model = Appeal
        fields = [
            "id",
            "application",
            "organization",
            "award",
            "campaign",
            "total",
            "rank",
            "reasons",
            "lodged_at",
            "status",
            "outcome",
            "answer",
            "answered_at",
        ]
        read_only_fields = [
            "total",
            "rank",
            "lodged_at",
            "status",
            "outcome",
            "answer",
            "answered_at",
        ]


class AppealAnswerSerializer(serializers.Serializer[dict[str, Any]]):
    outcome = serializers.CharField(help_text=_OUTCOMES)
    answer = serializers.CharField()


class AppealViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Appeal],
):
    """An applicant sees and lodges its own appeals; an office sees and answers those of
    its campaigns."""

    serializer_class = AppealSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[Appeal]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn with nobody signed in
            return Appeal.objects.none()
        return selectors.appeals_visible_to(signed_in_user(self.request)).order_by("id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = AppealSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        appeal = call_service(
            services.appeal_lodge,
            acting_user=signed_in_user(request),
            application=data.validated_data["application"],
            reasons=data.validated_data["reasons"],
        )
        return Response(AppealSerializer(appeal).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AppealAnswerSerializer, responses={200: AppealSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str | None = None) -> Response:
        """Answer an appeal, once: maintained or corrected, with the office's reasons."""
        appeal = self.get_object()
        data = AppealAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answered = call_service(
            services.appeal_answer,
            acting_user=signed_in_user(request),
            appeal=appeal,
            **data.validated_data,
        )
        return Response(AppealSerializer(answered).data)


def register(router: BaseRouter) -> None:
    """Add the appeals endpoints to the API router."""
    router.register("appeals", AppealViewSet, basename="appeal")
