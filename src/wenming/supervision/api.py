"""REST API of periodic reviews and supervision: reviews with their ranking, duty rosters,
supervision items (with their moves) and bulletins (with their Word and PDF).

Writes go through the same services as the pages.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from wenming.accounts.permissions import signed_in_user
from wenming.api_support import call_service
from wenming.frameworks.models import Framework
from wenming.registry.models import Organization, Region
from wenming.registry.scopes import organizations_for

from . import services
from .bulletins import bulletin_download
from .models import Bulletin, DutyRecord, Review, SupervisionItem
from .selectors import items_for, review_ranking, reviews_for
from .services import items as services_items
from .services.reviews import REVIEW_FIELDS


class ReviewSerializer(serializers.ModelSerializer[Review]):
    office: serializers.SlugRelatedField[Region] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    framework: serializers.SlugRelatedField[Framework] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = Review
        # The review's settings as the service takes them, but its grade weights: a JSON
        # object that only the office's page edits.
        fields = ["id", *(name for name in REVIEW_FIELDS if name != "grade_weights")]


class RankRowSerializer(serializers.Serializer[Any]):
    rank = serializers.IntegerField()
    organization = serializers.CharField(source="entry.organization.name")
    organization_code = serializers.CharField(source="entry.organization.code")
    review_class = serializers.CharField(source="entry.review_class")
    total = serializers.DecimalField(max_digits=9, decimal_places=2)
    grade = serializers.CharField(source="entry.grade")
    rewarded = serializers.BooleanField()
    second_reward = serializers.BooleanField()
    reward = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    second_amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)


class ReviewViewSet(viewsets.ReadOnlyModelViewSet[Review]):
    serializer_class = ReviewSerializer

    def get_queryset(self) -> QuerySet[Review]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn with nobody signed in
            return Review.objects.none()
        return reviews_for(signed_in_user(self.request)).order_by("id")

    @extend_schema(responses=RankRowSerializer(many=True))
    @action(detail=True)
    def ranking(self, request: Request, pk: str | None = None) -> Response:
        """The ranking: the league table, or every class's table one after the other."""
        ranking = review_ranking(self.get_object())
        rows = ranking.league or [row for table in ranking.classes for row in table.rows]
        return Response(RankRowSerializer(rows, many=True).data)


class ScopedReviewField(serializers.PrimaryKeyRelatedField[Review]):
    """A review the caller runs (any review when there is no request, as for the schema)."""

    def get_queryset(self) -> QuerySet[Review]:
        request = self.context.get("request")
        return reviews_for(signed_in_user(request)) if request is not None else Review.objects.all()


class ScopedOrganizationField(serializers.SlugRelatedField[Organization]):
    """An organization, by its code, within the caller's scope."""

    def get_queryset(self) -> QuerySet[Organization]:
        request = self.context.get("request")
        if request is None:
            return Organization.objects.none()
        return organizations_for(signed_in_user(request))


class DutyRecordSerializer(serializers.ModelSerializer[DutyRecord]):
    review = ScopedReviewField()
    organization = ScopedOrganizationField(slug_field="code")

    class Meta:
        model = DutyRecord
        fields = ["id", "review", "organization", "on", "kind", "note"]


class DutyRecordViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[DutyRecord]):
    serializer_class = DutyRecordSerializer

    def get_queryset(self) -> QuerySet[DutyRecord]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn with nobody signed in
            return DutyRecord.objects.none()
        reviews = reviews_for(signed_in_user(self.request))
        return (
            DutyRecord.objects.filter(review__in=reviews)
            .select_related("organization")
            .order_by("id")
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = call_service(
            services.duty_record_add,
            acting_user=signed_in_user(request),
            **serializer.validated_data,
        )
        return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)


class ItemSerializer(serializers.ModelSerializer[SupervisionItem]):
    # The responsible unit: an organization (by code) or a member unit (a body, by id).
    organization: serializers.SlugRelatedField[Organization] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    responsible = serializers.CharField(source="responsible_name", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = SupervisionItem
        fields = [
            "id",
            "title",
            "description",
            "source",
            "source_reference",
            "organization",
            "body",
            "responsible",
            "item_class",
            "deadline",
            "state",
            "feedback",
            "result",
            "escalated_on",
            "closed_on",
            "overdue",
        ]

    def get_overdue(self, item: SupervisionItem) -> bool:
        return item.state != "closed" and timezone.localdate() > item.deadline


class TextSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(allow_blank=True)


class ItemViewSet(viewsets.ReadOnlyModelViewSet[SupervisionItem]):
    serializer_class = ItemSerializer

    def get_queryset(self) -> QuerySet[SupervisionItem]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn with nobody signed in
            return SupervisionItem.objects.none()
        return items_for(signed_in_user(self.request)).order_by("id")

    def _text(self, request: Request) -> str:
        serializer = TextSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return str(serializer.validated_data["text"])

    @extend_schema(request=TextSerializer, responses=ItemSerializer)
    @action(detail=True, methods=["post"])
    def feedback(self, request: Request, pk: str | None = None) -> Response:
        item = call_service(
            services_items.item_feedback,
            acting_user=signed_in_user(request),
            item=self.get_object(),
            feedback=self._text(request),
        )
        return Response(ItemSerializer(item).data)

    @extend_schema(request=TextSerializer, responses=ItemSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        item = call_service(
            services_items.item_close,
            acting_user=signed_in_user(request),
            item=self.get_object(),
            result=self._text(request),
        )
        return Response(ItemSerializer(item).data)


class BulletinSerializer(serializers.ModelSerializer[Bulletin]):
    class Meta:
        model = Bulletin
        fields = [
            "id",
            "review",
            "title",
            "document_number",
            "issuing_office",
            "issued_on",
            "rectification_days",
        ]


class BulletinViewSet(viewsets.ReadOnlyModelViewSet[Bulletin]):
    serializer_class = BulletinSerializer

    def get_queryset(self) -> QuerySet[Bulletin]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn with nobody signed in
            return Bulletin.objects.none()
        reviews = reviews_for(signed_in_user(self.request))
        return Bulletin.objects.filter(review__in=reviews).order_by("id")

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True)
    def docx(self, request: Request, pk: str | None = None) -> HttpResponse:
        return bulletin_download(self.get_object(), "docx")

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True)
    def pdf(self, request: Request, pk: str | None = None) -> HttpResponse:
        return bulletin_download(self.get_object(), "pdf")


def register(router: BaseRouter) -> None:
    """Add the supervision endpoints to the API router."""
    router.register("reviews", ReviewViewSet, basename="review")
    router.register("duty-records", DutyRecordViewSet, basename="duty-record")
    router.register("supervision-items", ItemViewSet, basename="supervision-item")
    router.register("bulletins", BulletinViewSet, basename="bulletin")
