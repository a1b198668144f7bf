"""REST API of committee: meetings, naming decisions and certificates.

The running office writes (through the same services as the pages); committee members
of its region read. The certificate check by code is public: no login.
"""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import Throttled
from rest_framework.generics import get_object_or_404  # a malformed id is a 404, not a 500
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from wenming.accounts.permissions import require_perm, signed_in_user
from wenming.api_support import call_service
from wenming.api_support.errors import ErrorSerializer
from wenming.campaigns.models import Application, Campaign

from . import selectors, services
from .codes import display
from .models import Certificate, ListEntry, Meeting, Member, NamingDecision, Vote
from .throttle import TOO_MANY_CHECKS, too_many_checks


class MeetingMemberSerializer(serializers.ModelSerializer[Member]):
    class Meta:
        model = Member
        fields = ["id", "name", "user", "present", "written_opinion"]


class MeetingVoteSerializer(serializers.ModelSerializer[Vote]):
    class Meta:
        model = Vote
        fields = ["application", "votes_for", "votes_against", "abstentions"]


class ListEntrySerializer(serializers.ModelSerializer[ListEntry]):
    class Meta:
        model = ListEntry
        fields = ["application", "outcome"]


class MeetingSerializer(serializers.ModelSerializer[Meeting]):
    members = MeetingMemberSerializer(many=True, read_only=True)
    votes = MeetingVoteSerializer(many=True, read_only=True)
    entries = ListEntrySerializer(many=True, read_only=True)
    names = serializers.ListField(
        child=serializers.CharField(max_length=100), write_only=True, required=False
    )

    class Meta:
        model = Meeting
        fields = ["id", "campaign", "held_on", "place", "minutes", "approved_at", "members",
                  "votes", "entries", "names"]  # fmt: skip
        read_only_fields = ["minutes", "approved_at"]


class MeetingAttendanceSerializer(serializers.Serializer[dict[str, Any]]):
    present = serializers.ListField(child=serializers.IntegerField())
    opinions = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)


class MeetingApproveSerializer(serializers.Serializer[dict[str, Any]]):
    refused = serializers.ListField(child=serializers.IntegerField(), required=False)
    comment = serializers.CharField(required=False, allow_blank=True)


class MeetingMinutesSerializer(serializers.Serializer[dict[str, Any]]):
    minutes = serializers.CharField()


class NamingDecisionSerializer(serializers.ModelSerializer[NamingDecision]):
    class Meta:
        model = NamingDecision
        fields = ["id", "meeting", "document_number", "named_on", "naming_body"]


class CertificateSerializer(serializers.ModelSerializer[Certificate]):
    organization = serializers.CharField(source="application.organization.name")
    title_label = serializers.CharField(source="title.label")
    edition = serializers.IntegerField(source="title.edition")
    named_on = serializers.DateField(source="title.named_on")
    naming_body = serializers.CharField(source="title.naming_body")
    document_number = serializers.CharField(source="title.document_number")
    title_status = serializers.CharField(source="title.status")

    class Meta:
        model = Certificate
        fields = ["id", "code", "organization", "title_label", "edition", "named_on",
                  "naming_body", "document_number", "title_status"]  # fmt: skip
        read_only_fields = fields


class CertificateVerificationSerializer(serializers.Serializer[dict[str, Any]]):
    genuine = serializers.BooleanField()
    code = serializers.CharField()
    certificate = CertificateSerializer(allow_null=True)


class MeetingViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Meeting],
):  # fmt: skip
    serializer_class = MeetingSerializer

    def get_queryset(self) -> QuerySet[Meeting]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn with nobody signed in
            return Meeting.objects.none()
        return (
            selectors.meetings_for(signed_in_user(self.request))
            .prefetch_related("votes", "entries")
            .order_by("-held_on", "-id")
        )

    def perform_create(self, serializer: serializers.BaseSerializer[Meeting]) -> None:
        data = serializer.validated_data
        campaign = get_object_or_404(
            Campaign.objects.select_related("office"), pk=data["campaign"].pk
        )
        serializer.instance = call_service(
            services.meeting_create, acting_user=signed_in_user(self.request), campaign=campaign,
            held_on=data["held_on"], place=data.get("place", ""), names=data.get("names", []),
        )  # fmt: skip

    def _managed(self) -> Meeting:
        meeting = self.get_object()
        require_perm(self.request.user, "committee.manage_meeting", meeting.campaign)
        return meeting

    def _fresh(self, meeting: Meeting) -> Response:
        return Response(MeetingSerializer(selectors.meeting_detail(meeting.pk)).data)

    @extend_schema(request=MeetingAttendanceSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, pk: str) -> Response:
        meeting = self._managed()
        body = MeetingAttendanceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        opinions = {int(k): v for k, v in body.validated_data.get("opinions", {}).items()
                    if str(k).isdigit()}  # fmt: skip
        call_service(
            services.meeting_record_attendance, acting_user=signed_in_user(request),
            meeting=meeting, present=body.validated_data["present"], opinions=opinions,
        )  # fmt: skip
        return self._fresh(meeting)

    @extend_schema(request=MeetingVoteSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def votes(self, request: Request, pk: str) -> Response:
        meeting = self._managed()
        body = MeetingVoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        call_service(
            services.meeting_record_vote, acting_user=signed_in_user(request), meeting=meeting,
            application=data.get("application"), votes_for=data["votes_for"],
            votes_against=data["votes_against"], abstentions=data["abstentions"],
        )  # fmt: skip
        return self._fresh(meeting)

    @extend_schema(request=MeetingMinutesSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def minutes(self, request: Request, pk: str) -> Response:
        meeting = self._managed()
        body = MeetingMinutesSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        call_service(
            services.meeting_record_minutes, acting_user=signed_in_user(request), meeting=meeting,
            minutes=body.validated_data["minutes"],
        )  # fmt: skip
        return self._fresh(meeting)

    @extend_schema(request=MeetingApproveSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        meeting = self._managed()
        body = MeetingApproveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        refused = Application.objects.filter(
            campaign=meeting.campaign, pk__in=body.validated_data.get("refused", [])
        )
        call_service(
            services.meeting_approve, acting_user=signed_in_user(request), meeting=meeting,
            refused=list(refused), comment=body.validated_data.get("comment", ""),
        )  # fmt: skip
        return self._fresh(meeting)

    @extend_schema(request=NamingDecisionSerializer, responses=NamingDecisionSerializer)
    @action(detail=True, methods=["post"], url_path="name")
    def naming(self, request: Request, pk: str) -> Response:
        meeting = self._managed()
        given = request.data if isinstance(request.data, dict) else {}
        body = NamingDecisionSerializer(data={**given, "meeting": meeting.pk})
        body.is_valid(raise_exception=True)
        data = body.validated_data
        decision = call_service(
            services.naming_decide, acting_user=signed_in_user(request), meeting=meeting,
            document_number=data["document_number"], named_on=data["named_on"],
            naming_body=data["naming_body"],
        )  # fmt: skip
        return Response(NamingDecisionSerializer(decision).data, status=201)


class DecisionViewSet(viewsets.ReadOnlyModelViewSet[NamingDecision]):
    serializer_class = NamingDecisionSerializer

    def get_queryset(self) -> QuerySet[NamingDecision]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn with nobody signed in
            return NamingDecision.objects.none()
        campaigns = selectors.campaigns_for(signed_in_user(self.request))
        return NamingDecision.objects.filter(meeting__campaign__in=campaigns).order_by("-id")


class CertificateViewSet(viewsets.ReadOnlyModelViewSet[Certificate]):
    serializer_class = CertificateSerializer
    # Public, so counted per client address, in one budget with the page: 429.
    rate_limited = frozenset({"verify"})

    def get_queryset(self) -> QuerySet[Certificate]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn with nobody signed in
            return Certificate.objects.none()
        campaigns = selectors.campaigns_for(signed_in_user(self.request))
        return selectors.certificates().filter(decision__meeting__campaign__in=campaigns)

    @extend_schema(
        responses={
            200: CertificateVerificationSerializer,
            # Not genuine: the verification saying so; a malformed code: the error format.
            404: PolymorphicProxySerializer(
                component_name="CertificateNotFound",
                serializers=[CertificateVerificationSerializer, ErrorSerializer],
                resource_type_field_name=None,
            ),
        },
        auth=[],
    )
    @action(
        detail=False,
        methods=["get"],
        url_path=r"verify/(?P<code>[0-9A-Za-z-]{1,40})",
        permission_classes=[permissions.AllowAny],
        authentication_classes=[],
    )
    def verify(self, request: Request, code: str) -> Response:
        """Public: whether a certificate code is genuine and what it certifies."""
        if too_many_checks(request.META):
            raise Throttled(detail=str(TOO_MANY_CHECKS))
        certificate = selectors.certificate_by_code(code)
        if certificate is None:
            body = {"genuine": False, "code": code, "certificate": None}
            return Response(CertificateVerificationSerializer(body).data, status=404)
        data = {"genuine": True, "code": display(certificate.code), "certificate": certificate}
        return Response(CertificateVerificationSerializer(data).data)


def register(router: BaseRouter) -> None:
    """Add the committee endpoints to the API router."""
    router.register("committee/meetings", MeetingViewSet, basename="committee-meeting")
    router.register("committee/decisions", DecisionViewSet, basename="committee-decision")
    router.register("committee/certificates", CertificateViewSet, basename="committee-certificate")
