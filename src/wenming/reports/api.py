"""REST API of 随手拍: the office's points, report groups (with routing) and reports,
scoped as its pages are; the public files a report (multipart, rate-limited per client
address, 429 documented) and reads it back by tracking code (rate-limited likewise)."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from wenming.accounts.permissions import signed_in_user
from wenming.api_support import call_service
from wenming.registry.models import Organization, Region
from wenming.throttle import client_address, over_limit_for

from . import selectors, services
from .models import Category, InspectionPoint, Report, ReportGroup
from .views import REPORT_LIMIT, TRACK_LIMIT, WINDOW


class InspectionPointSerializer(serializers.ModelSerializer[InspectionPoint]):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = InspectionPoint
        fields = ["id", "office", "name", "kind", "lng", "lat", "organization",
                  "organization_name", "address", "active"]  # fmt: skip


class PointViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[InspectionPoint],
):
    """The inspection points of the user's territory; an office adds its own."""

    serializer_class = InspectionPointSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[InspectionPoint]:
        if getattr(self, "swagger_fake_view", False):
            return InspectionPoint.objects.none()
        return selectors.points_visible_to(signed_in_user(self.request)).order_by("id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = InspectionPointSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        office: Region = values.pop("office")
        point = call_service(services.point_save, acting_user=signed_in_user(request),
                             office=office, **values)  # fmt: skip
        return Response(InspectionPointSerializer(point).data, status=status.HTTP_201_CREATED)


class ReportSerializer(serializers.ModelSerializer[Report]):
    class Meta:
        model = Report
        fields = ["id", "office", "group", "source", "tracking_code", "category",
                  "description", "point", "lng", "lat", "place", "ticket_number",
                  "called_at", "handling_unit", "created_at"]  # fmt: skip


class ReportGroupSerializer(serializers.ModelSerializer[ReportGroup]):
    count = serializers.IntegerField(read_only=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = ReportGroup
        fields = ["id", "office", "point", "category", "opened_on", "item", "count", "status"]

    def get_status(self, group: ReportGroup) -> str:
        """received, handling, answered or closed."""
        return selectors.status_of(group)


class ReportRouteSerializer(serializers.Serializer[dict[str, Any]]):
    item_class = serializers.ChoiceField(choices=["small", "big"])
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    deadline = serializers.DateField()
    title = serializers.CharField(required=False, allow_blank=True)
    milestones = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField(), min_length=2, max_length=2),
        required=False,
        help_text="[[title, YYYY-MM-DD], ...]",
    )


class GroupViewSet(viewsets.ReadOnlyModelViewSet[ReportGroup]):
    """Groups of reports (one point and category), with their count and status."""

    serializer_class = ReportGroupSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[ReportGroup]:
        if getattr(self, "swagger_fake_view", False):
            return ReportGroup.objects.none()
        return selectors.groups_visible_to(signed_in_user(self.request)).order_by("id")

    @extend_schema(request=ReportRouteSerializer, responses={200: ReportGroupSerializer})
    @action(detail=True, methods=["post"])
    def route(self, request: Request, pk: str | None = None) -> Response:
        """Turn the group into a supervision item for the responsible unit."""
        group = self.get_object()
        data = ReportRouteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        from datetime import date  # noqa: PLC0415

        try:
            milestones = [(t, date.fromisoformat(d)) for t, d in values.pop("milestones", [])]
        except ValueError as error:
            raise serializers.ValidationError({"milestones": str(error)}) from None
        call_service(services.group_route, acting_user=signed_in_user(request), group=group,
                     milestones=milestones, **values)  # fmt: skip
        return Response(ReportGroupSerializer(self.get_queryset().get(pk=group.pk)).data)


class ReportViewSet(viewsets.ReadOnlyModelViewSet[Report]):
    """The reports and hotline tickets of the user's territory."""

    serializer_class = ReportSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[Report]:
        if getattr(self, "swagger_fake_view", False):
            return Report.objects.none()
        return selectors.reports_visible_to(signed_in_user(self.request)).order_by("id")


class PublicReportSerializer(serializers.Serializer[dict[str, Any]]):
    office = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    photo = serializers.ImageField()
    category = serializers.ChoiceField(choices=Category.choices)
    description = serializers.CharField(max_length=2000)
    point = serializers.PrimaryKeyRelatedField(
        queryset=InspectionPoint.objects.all(), required=False, allow_null=True
    )
    lng = serializers.DecimalField(max_digits=9, decimal_places=6, required=False)
    lat = serializers.DecimalField(max_digits=9, decimal_places=6, required=False)
    contact = serializers.CharField(max_length=100, required=False, allow_blank=True)


class ReportTrackSerializer(serializers.Serializer[Report]):
    tracking_code = serializers.CharField()
    status = serializers.CharField()
    category = serializers.CharField()
    answer = serializers.CharField(allow_blank=True)
    result = serializers.CharField(allow_blank=True)


def _track(report: Report) -> dict[str, Any]:
    item = report.group.item
    return {
        "tracking_code": report.tracking_code,
        "status": selectors.status_of(report.group),
        "category": report.category,
        "answer": item.feedback if item else "",
        "result": item.result if item else "",
    }


class PublicReportViewSet(viewsets.GenericViewSet[Any]):
    """Anyone files a report with a photo and later reads its status by tracking code."""

    permission_classes = [permissions.AllowAny]
    parser_classes = [MultiPartParser, FormParser]
    serializer_class = PublicReportSerializer
    rate_limited = frozenset({"create", "retrieve"})
    lookup_field = "tracking_code"
    lookup_value_regex = "[0-9A-Za-z-]{1,40}"  # as typed: normalize_code reads it
    queryset = Report.objects.none()  # every answer comes from the services and selectors

    @extend_schema(request=PublicReportSerializer, responses={201: ReportTrackSerializer})
    def create(self, request: Request) -> Response:
        address = client_address(request.META)
        if over_limit_for("report", address, limit=REPORT_LIMIT, window=WINDOW):
            raise Throttled()
        data = PublicReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        photo = call_service(services.photo_check, values.pop("photo"))
        report = call_service(services.report_file, acting_user=request.user, photo=photo,
                              source_ip=address or None, **values)  # fmt: skip
        return Response(_track(report), status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: ReportTrackSerializer})
    def retrieve(self, request: Request, tracking_code: str | None = None) -> Response:
        address = client_address(request.META)
        if over_limit_for("report-track", address, limit=TRACK_LIMIT, window=WINDOW):
            raise Throttled()
        report = selectors.report_by_code(tracking_code or "")
        if report is None:
            raise NotFound()
        return Response(_track(report))


def register(router: BaseRouter) -> None:
    """Add the 随手拍 endpoints to the API router."""
    router.register("inspection-points", PointViewSet, basename="inspection-point")
    router.register("report-groups", GroupViewSet, basename="report-group")
    router.register("reports", ReportViewSet, basename="report")
    router.register("public-reports", PublicReportViewSet, basename="public-report")
