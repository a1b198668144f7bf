"""REST API of screening: a department's reviewers answer; the running office reads.

Every list is scoped: a reviewer sees the requests addressed to its departments, the
office those of the campaigns it runs. Answers go through the same service as the page.
"""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404  # a malformed id is a 404, not a 500
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from wenming.accounts.permissions import signed_in_user
from wenming.api_support import call_service

from . import services
from .documents import check_pdf
from .models import ScreeningAnswer, ScreeningRequest, Verdict
from .selectors import requests_visible_to


class AnswerSerializer(serializers.ModelSerializer[ScreeningAnswer]):
    class Meta:
        model = ScreeningAnswer
        fields = [
            "id",
            "application",
            "verdict",
            "reason",
            "document_name",
            "document_sha256",
            "promoted",
            "answered_at",
        ]


class RequestSerializer(serializers.ModelSerializer[ScreeningRequest]):
    campaign = serializers.IntegerField(source="round.campaign_id", read_only=True)
    deadline = serializers.DateTimeField(source="round.deadline", read_only=True)
    body_name = serializers.CharField(source="body.name", read_only=True)
    answers = AnswerSerializer(many=True, read_only=True)

    class Meta:
        model = ScreeningRequest
        fields = ["id", "campaign", "deadline", "body", "body_name", "answered_at", "answers"]


class AnswerInputSerializer(serializers.Serializer[dict[str, Any]]):
    application = serializers.IntegerField()
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    document = serializers.FileField(required=False)


class ScreeningRequestViewSet(viewsets.ReadOnlyModelViewSet[ScreeningRequest]):
    """The requests to member departments, with the answers each gave."""

    serializer_class = RequestSerializer

    def get_queryset(self) -> QuerySet[ScreeningRequest]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn with nobody signed in
            return ScreeningRequest.objects.none()
        return requests_visible_to(signed_in_user(self.request))

    @extend_schema(request=AnswerInputSerializer, responses={201: AnswerSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str | None = None) -> Response:
        """Answer for one applicant (multipart when a veto's PDF is attached)."""
        dept = get_object_or_404(ScreeningRequest.objects.select_related("round"), pk=pk)
        data = AnswerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data.get("document")
        document = None
        if upload is not None:
            try:
                document = check_pdf(upload, upload.name or "document.pdf")
            except DjangoValidationError as error:
                raise ValidationError({"document": error.messages}) from error
        given = services.AnswerInput(
            application_id=data.validated_data["application"],
            verdict=data.validated_data["verdict"],
            reason=data.validated_data["reason"],
            document=document,
        )
        saved = call_service(
            services.screening_answer,
            acting_user=signed_in_user(request),
            request=dept,
            answers=[given],
        )
        return Response(AnswerSerializer(saved[0]).data, status=status.HTTP_201_CREATED)


def register(router: BaseRouter) -> None:
    """Add the screening endpoints to the API router."""
    router.register("screening-requests", ScreeningRequestViewSet, basename="screening-request")
