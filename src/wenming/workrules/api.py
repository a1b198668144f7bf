"""REST API of the work rules: meetings, the liaison register, information reports with
their figures and 通报, and training. Scoped as the pages are (``scopes``); every write
calls the page's service through ``call_service``."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from wenming.accounts.permissions import require_perm, signed_in_user
from wenming.api_support import call_service
from wenming.registry.models import Body, Region

from . import selectors, services
from .documents import bulletin_download
from .files import Upload
from .models import (
    Attendee,
    Decision,
    DecisionTask,
    InfoBulletin,
    InfoReport,
    LiaisonOfficer,
    MeetingPaper,
    TrainingSession,
    WorkMeeting,
)
from .scopes import (
    bulletins_for,
    meetings_for,
    member_units_for,
    officers_for,
    reports_for,
    trainings_for,
)


def _upload(value: Any) -> Upload | None:
    return None if value is None else Upload(value.name or "file", value.read())


# ---- meetings ---------------------------------------------------------------------------


class WorkPaperSerializer(serializers.ModelSerializer[MeetingPaper]):
    file = serializers.FileField(write_only=True, required=False)

    class Meta:
        model = MeetingPaper
        fields = ["id", "title", "text", "original_name", "file"]
        read_only_fields = ["original_name"]


class WorkAttendeeSerializer(serializers.ModelSerializer[Attendee]):
    class Meta:
        model = Attendee
        fields = ["id", "name", "user", "status", "leave_reason", "written_opinion"]
        read_only_fields = fields


class WorkTaskSerializer(serializers.ModelSerializer[DecisionTask]):
    unit = serializers.PrimaryKeyRelatedField(source="body", queryset=Body.objects.all())
    state = serializers.CharField(source="item.state", read_only=True)

    class Meta:
        model = DecisionTask
        fields = ["unit", "task", "deadline", "item", "state"]
        read_only_fields = ["item", "state"]


class WorkDecisionSerializer(serializers.ModelSerializer[Decision]):
    tasks = WorkTaskSerializer(many=True)

    class Meta:
        model = Decision
        fields = ["id", "text", "tasks"]


class WorkMeetingSerializer(serializers.ModelSerializer[WorkMeeting]):
    office = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all())
    papers = WorkPaperSerializer(many=True, read_only=True)
    attendees = WorkAttendeeSerializer(many=True, read_only=True)
    decisions = WorkDecisionSerializer(many=True, read_only=True)
    names = serializers.ListField(
        child=serializers.CharField(max_length=100), write_only=True, required=False
    )
    warnings = serializers.SerializerMethodField()

    class Meta:
        model = WorkMeeting
        fields = ["id", "office", "kind", "title", "held_on", "place", "agenda",
                  "papers_circulated_at", "minutes", "papers", "attendees", "decisions",
                  "names", "warnings"]  # fmt: skip
        read_only_fields = ["papers_circulated_at", "minutes"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_warnings(self, meeting: WorkMeeting) -> list[str]:
        return selectors.papers_warnings(meeting)


class WorkLeaveSerializer(serializers.Serializer[dict[str, Any]]):
    attendee = serializers.IntegerField()
    reason = serializers.CharField(max_length=200)
    opinion = serializers.CharField(required=False, allow_blank=True)


class WorkPresentSerializer(serializers.Serializer[dict[str, Any]]):
    present = serializers.ListField(child=serializers.IntegerField())


class WorkMinutesSerializer(serializers.Serializer[dict[str, Any]]):
    minutes = serializers.CharField()


def _meetings(user: Any) -> QuerySet[WorkMeeting]:
    return meetings_for(user).prefetch_related(
        "papers",
        "attendees",
        Prefetch(
            "decisions",
            Decision.objects.prefetch_related(
                Prefetch("tasks", DecisionTask.objects.select_related("item"))
            ),
        ),
    )


class MeetingViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[WorkMeeting],
):  # fmt: skip
    serializer_class = WorkMeetingSerializer

    def get_queryset(self) -> QuerySet[WorkMeeting]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn with nobody signed in
            return WorkMeeting.objects.none()
        return _meetings(signed_in_user(self.request)).order_by("-held_on", "-id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        scheduled = call_service(
            services.meeting_schedule, acting_user=signed_in_user(request), office=data["office"],
            kind=data["kind"], title=data["title"], held_on=data["held_on"],
            place=data.get("place", ""), agenda=data.get("agenda", ""),
            names=data.get("names", []),
        )  # fmt: skip
        return self._fresh(scheduled.meeting, status.HTTP_201_CREATED)

    def _fresh(self, meeting: WorkMeeting, code: int = status.HTTP_200_OK) -> Response:
        fresh = _meetings(signed_in_user(self.request)).get(pk=meeting.pk)
        return Response(WorkMeetingSerializer(fresh).data, status=code)

    def _managed(self) -> WorkMeeting:
        meeting = self.get_object()
        require_perm(self.request.user, "workrules.manage_meeting", meeting)
        return meeting

    @extend_schema(request=WorkPaperSerializer, responses=WorkMeetingSerializer)
    @action(detail=True, methods=["post"])
    def papers(self, request: Request, pk: str) -> Response:
        meeting = self._managed()
        body = WorkPaperSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        call_service(
            services.paper_add, acting_user=signed_in_user(request), meeting=meeting,
            title=data["title"], text=data.get("text", ""), upload=_upload(data.get("file")),
        )  # fmt: skip
        return self._fresh(meeting)

    @extend_schema(request=None, responses=WorkMeetingSerializer)
    @action(detail=True, methods=["post"])
    def circulate(self, request: Request, pk: str) -> Response:
        """Send the papers to the members; ``warnings`` says when it is too late."""
        meeting = self._managed()
        call_service(
            services.papers_circulate, acting_user=signed_in_user(request), meeting=meeting
        )
        return self._fresh(meeting)

    @extend_schema(request=WorkLeaveSerializer, responses=WorkMeetingSerializer)
    @action(detail=True, methods=["post"])
    def leave(self, request: Request, pk: str) -> Response:
        """A member asks for leave, with a written opinion if they wish."""
        meeting = self.get_object()
        body = WorkLeaveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        attendee = get_object_or_404(
            Attendee.objects.select_related("meeting__office"), pk=data["attendee"], meeting=meeting
        )
        call_service(
            services.attendee_leave, acting_user=signed_in_user(request), attendee=attendee,
            reason=data["reason"], opinion=data.get("opinion", ""),
        )  # fmt: skip
        return self._fresh(meeting)

    @extend_schema(request=WorkPresentSerializer, responses=WorkMeetingSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, pk: str) -> Response:
        meeting = self._managed()
        body = WorkPresentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        call_service(
            services.attendance_record, acting_user=signed_in_user(request), meeting=meeting,
            present=body.validated_data["present"],
        )  # fmt: skip
        return self._fresh(meeting)

    @extend_schema(request=WorkMinutesSerializer, responses=WorkMeetingSerializer)
    @action(detail=True, methods=["post"])
    def minutes(self, request: Request, pk: str) -> Response:
        meeting = self._managed()
        body = WorkMinutesSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        call_service(
            services.minutes_record, acting_user=signed_in_user(request), meeting=meeting,
            minutes=body.validated_data["minutes"],
        )  # fmt: skip
        return self._fresh(meeting)

    @extend_schema(request=WorkDecisionSerializer, responses=WorkMeetingSerializer)
    @action(detail=True, methods=["post"])
    def decisions(self, request: Request, pk: str) -> Response:
        """A joint meeting's decision split into member units' tasks (supervision items)."""
        meeting = self._managed()
        body = WorkDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        tasks = [services.TaskSpec(body=t["body"], task=t["task"], deadline=t["deadline"])
                 for t in data["tasks"]]  # fmt: skip
        call_service(
            services.decision_split, acting_user=signed_in_user(request), meeting=meeting,
            text=data["text"], tasks=tasks,
        )  # fmt: skip
        return self._fresh(meeting)


# ---- member units and liaison officers --------------------------------------------------


class LiaisonOfficerSerializer(serializers.ModelSerializer[LiaisonOfficer]):
    unit = serializers.PrimaryKeyRelatedField(source="body", queryset=Body.objects.all())

    class Meta:
        model = LiaisonOfficer
        fields = ["id", "unit", "name", "rank", "position", "office_phone", "mobile", "email",
                  "started_on", "ended_on", "end_reason"]  # fmt: skip
        read_only_fields = ["ended_on", "end_reason"]
        extra_kwargs = {"started_on": {"required": False}}


class LiaisonChangeSerializer(serializers.ModelSerializer[LiaisonOfficer]):
    class Meta:
        model = LiaisonOfficer
        fields = ["name", "rank", "position", "office_phone", "mobile", "email"]
        extra_kwargs = {f: {"required": False} for f in fields}


class LiaisonLeaveSerializer(serializers.Serializer[dict[str, Any]]):
    left_on = serializers.DateField()
    reason = serializers.CharField(max_length=200)


class MemberUnitSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="unit.pk")
    name = serializers.CharField(source="unit.name")
    region = serializers.IntegerField(source="unit.region_id")
    officer = LiaisonOfficerSerializer(allow_null=True)
    successor_status = serializers.CharField(source="status", allow_null=True)
    successor_due = serializers.DateField(source="due", allow_null=True)
    overdue = serializers.BooleanField()


class UnitViewSet(viewsets.GenericViewSet[Any]):
    """The member units with their officer in office and the successor flag."""

    serializer_class = MemberUnitSerializer

    def get_queryset(self) -> QuerySet[Body]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn with nobody signed in
            return Body.objects.none()
        return member_units_for(signed_in_user(self.request)).order_by("name", "id")

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        rows = selectors.unit_register(Body.objects.filter(pk__in=[u.pk for u in page or []]))
        return self.get_paginated_response(MemberUnitSerializer(rows, many=True).data)


class OfficerViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[LiaisonOfficer],
):  # fmt: skip
    serializer_class = LiaisonOfficerSerializer

    def get_queryset(self) -> QuerySet[LiaisonOfficer]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn with nobody signed in
            return LiaisonOfficer.objects.none()
        return officers_for(signed_in_user(self.request)).order_by(
            "body__name", "-started_on", "id"
        )

    def perform_create(self, serializer: serializers.BaseSerializer[LiaisonOfficer]) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = call_service(
            services.liaison_appoint, acting_user=signed_in_user(self.request), **data
        )

    @extend_schema(request=LiaisonChangeSerializer, responses=LiaisonOfficerSerializer)
    @action(detail=True, methods=["post"])
    def change(self, request: Request, pk: str) -> Response:
        officer = self.get_object()
        body = LiaisonChangeSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        changed = call_service(
            services.liaison_update, acting_user=signed_in_user(request), officer=officer,
            **body.validated_data,
        )  # fmt: skip
        return Response(LiaisonOfficerSerializer(changed).data)

    @extend_schema(request=LiaisonLeaveSerializer, responses=LiaisonOfficerSerializer)
    @action(detail=True, methods=["post"])
    def leave(self, request: Request, pk: str) -> Response:
        officer = self.get_object()
        body = LiaisonLeaveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        left = call_service(
            services.liaison_leave, acting_user=signed_in_user(request), officer=officer,
            left_on=body.validated_data["left_on"], reason=body.validated_data["reason"],
        )  # fmt: skip
        return Response(LiaisonOfficerSerializer(left).data)


# ---- information reports ----------------------------------------------------------------


class InfoReportSerializer(serializers.ModelSerializer[InfoReport]):
    unit = serializers.PrimaryKeyRelatedField(source="body", queryset=Body.objects.all())
    file = serializers.FileField(write_only=True, required=False)

    class Meta:
        model = InfoReport
        fields = ["id", "unit", "kind", "title", "content", "submitted_on", "liaison",
                  "original_name", "adopted", "in_briefing", "reported_up", "decision_note",
                  "file"]  # fmt: skip
        read_only_fields = ["submitted_on", "liaison", "original_name", "adopted",
                            "in_briefing", "reported_up", "decision_note"]  # fmt: skip


class InfoReportDecideSerializer(serializers.Serializer[dict[str, Any]]):
    adopted = serializers.BooleanField()
    in_briefing = serializers.BooleanField(required=False, default=False)
    reported_up = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReportViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[InfoReport],
):  # fmt: skip
    serializer_class = InfoReportSerializer

    def get_queryset(self) -> QuerySet[InfoReport]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn with nobody signed in
            return InfoReport.objects.none()
        return reports_for(signed_in_user(self.request)).order_by("-submitted_on", "-id")

    def perform_create(self, serializer: serializers.BaseSerializer[InfoReport]) -> None:
        data = serializer.validated_data
        serializer.instance = call_service(
            services.report_submit, acting_user=signed_in_user(self.request), body=data["body"],
            kind=data["kind"], title=data["title"], content=data["content"],
            upload=_upload(data.get("file")),
        )  # fmt: skip

    @extend_schema(request=InfoReportDecideSerializer, responses=InfoReportSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        """The office adopts the report or not, and says where it was used."""
        report = self.get_object()
        body = InfoReportDecideSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        decided = call_service(
            services.report_decide, acting_user=signed_in_user(request), report=report,
            **body.validated_data,
        )  # fmt: skip
        return Response(InfoReportSerializer(decided).data)


class InfoFigureSerializer(serializers.Serializer[Any]):
    unit = serializers.IntegerField(source="unit.pk")
    name = serializers.CharField(source="unit.name")
    submitted = serializers.IntegerField(source="figures.submitted")
    adopted = serializers.IntegerField(source="figures.adopted")
    not_adopted = serializers.IntegerField(source="figures.not_adopted")
    pending = serializers.IntegerField(source="figures.pending")
    in_briefing = serializers.IntegerField(source="figures.in_briefing")
    reported_up = serializers.IntegerField(source="figures.reported_up")
    rate = serializers.DecimalField(
        source="figures.rate", max_digits=5, decimal_places=1, allow_null=True
    )


def _period(request: Request) -> tuple[int, int | None]:
    raw_year = request.query_params.get("year", "")
    raw_quarter = request.query_params.get("quarter", "")
    year = int(raw_year) if raw_year.isdigit() else timezone.localdate().year
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": [_("年度应为2000到2100之间的整数。")]})
    if raw_quarter and raw_quarter not in {"1", "2", "3", "4"}:
        raise ValidationError({"quarter": [_("季度应为1到4。")]})
    return year, int(raw_quarter) if raw_quarter else None


class FigureViewSet(viewsets.GenericViewSet[Any]):
    """Each member unit's reports and adoptions over a quarter or a year."""

    serializer_class = InfoFigureSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[Body]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn with nobody signed in
            return Body.objects.none()
        return member_units_for(signed_in_user(self.request))

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="year (this year when left out)"),
            OpenApiParameter(
                "quarter", int, description="quarter 1-4 (the whole year when left out)"
            ),
        ]
    )
    def list(self, request: Request) -> Response:
        year, quarter = _period(request)
        table = selectors.figures_for(self.get_queryset(), year, quarter)
        return Response(InfoFigureSerializer(table.rows, many=True).data)


class InfoBulletinSerializer(serializers.ModelSerializer[InfoBulletin]):
    office = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all())

    class Meta:
        model = InfoBulletin
        fields = ["id", "office", "year", "quarter", "title", "addressees", "opening",
                  "requirements", "issued_on", "document_number", "figures"]  # fmt: skip
        read_only_fields = ["document_number", "figures"]
        extra_kwargs = {"title": {"required": False}, "issued_on": {"required": False}}


class BulletinViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[InfoBulletin],
):  # fmt: skip
    serializer_class = InfoBulletinSerializer

    def get_queryset(self) -> QuerySet[InfoBulletin]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn with nobody signed in
            return InfoBulletin.objects.none()
        return bulletins_for(signed_in_user(self.request)).order_by("-year", "-quarter", "-id")

    def perform_create(self, serializer: serializers.BaseSerializer[InfoBulletin]) -> None:
        serializer.instance = call_service(
            services.bulletin_create, acting_user=signed_in_user(self.request),
            **serializer.validated_data,
        )  # fmt: skip

    @extend_schema(request=None, responses=InfoBulletinSerializer)
    @action(detail=True, methods=["post"])
    def number(self, request: Request, pk: str) -> Response:
        """发文（取号）: the office's next 发文字号, once."""
        bulletin = self.get_object()
        call_service(
            services.bulletin_number, acting_user=signed_in_user(request), bulletin=bulletin
        )
        return Response(InfoBulletinSerializer(self.get_queryset().get(pk=bulletin.pk)).data)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True)
    def docx(self, request: Request, pk: str) -> HttpResponse:
        return bulletin_download(self.get_object(), "docx")

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True)
    def pdf(self, request: Request, pk: str) -> HttpResponse:
        return bulletin_download(self.get_object(), "pdf")


# ---- training ---------------------------------------------------------------------------


class TrainingSessionSerializer(serializers.ModelSerializer[TrainingSession]):
    office = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all())
    attendees = serializers.PrimaryKeyRelatedField(
        many=True, queryset=LiaisonOfficer.objects.select_related("body"), required=False
    )

    class Meta:
        model = TrainingSession
        fields = ["id", "office", "kind", "topic", "held_on", "place", "speaker", "attendees"]


class TrainingAttendeesSerializer(serializers.Serializer[dict[str, Any]]):
    attendees = serializers.PrimaryKeyRelatedField(
        many=True, queryset=LiaisonOfficer.objects.select_related("body")
    )


class TrainingViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[TrainingSession],
):  # fmt: skip
    serializer_class = TrainingSessionSerializer

    def get_queryset(self) -> QuerySet[TrainingSession]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn with nobody signed in
            return TrainingSession.objects.none()
        return (
            trainings_for(signed_in_user(self.request))
            .prefetch_related("attendees")
            .order_by("-held_on", "-id")
        )

    def perform_create(self, serializer: serializers.BaseSerializer[TrainingSession]) -> None:
        serializer.instance = call_service(
            services.training_create, acting_user=signed_in_user(self.request),
            **serializer.validated_data,
        )  # fmt: skip

    @extend_schema(request=TrainingAttendeesSerializer, responses=TrainingSessionSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, pk: str) -> Response:
        session = self.get_object()
        body = TrainingAttendeesSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        call_service(
            services.training_attendance_set, acting_user=signed_in_user(request),
            session=session, attendees=body.validated_data["attendees"],
        )  # fmt: skip
        return Response(TrainingSessionSerializer(self.get_queryset().get(pk=session.pk)).data)


def register(router: BaseRouter) -> None:
    """Add the work rules' endpoints to the API router."""
    router.register("workrules/meetings", MeetingViewSet, basename="workrules-meeting")
    router.register("workrules/units", UnitViewSet, basename="workrules-unit")
    router.register("workrules/liaisons", OfficerViewSet, basename="workrules-liaison")
    router.register("workrules/reports", ReportViewSet, basename="workrules-report")
    router.register("workrules/report-figures", FigureViewSet, basename="workrules-figures")
    router.register("workrules/bulletins", BulletinViewSet, basename="workrules-bulletin")
    router.register("workrules/trainings", TrainingViewSet, basename="workrules-training")
