"""REST API of committee: meetings, naming decisions and certificates.

The running office writes (through the same services as the pages); committee members
of its region read. The certificate check by code is public: no login.
"""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from wenming.api_support import call_service
from wenming.campaigns.models import Application, Campaign

from . import selectors, services, services_naming
from .codes import display
from .models import Certificate, ListEntry, Meeting, Member, NamingDecision, Vote


class MeetingMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = Member
        fields = ["id", "name", "user", "present", "written_opinion"]


class MeetingVoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Vote
        fields = ["application", "votes_for", "votes_against", "abstentions"]


class ListEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = ListEntry
        fields = ["application", "outcome"]


class MeetingSerializer(serializers.ModelSerializer):
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


class MeetingAttendanceSerializer(serializers.Serializer):
    present = serializers.ListField(child=serializers.IntegerField())
    opinions = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)


class MeetingApproveSerializer(serializers.Serializer):
    refused = serializers.ListField(child=serializers.IntegerField(), required=False)
    comment = serializers.CharField(required=False, allow_blank=True)


class MeetingMinutesSerializer(serializers.Serializer):
    minutes = serializers.CharField()


class NamingDecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = NamingDecision
        fields = ["id", "meeting", "document_number", "named_on", "naming_body"]


class CertificateSerializer(serializers.ModelSerializer):
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


class CertificateVerificationSerializer(serializers.Serializer):
    genuine = serializers.BooleanField()
    code = serializers.CharField()
    certificate = CertificateSerializer(allow_null=True)


def _user(request: Request) -> Any:
    return request.user


class MeetingViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    serializer_class = MeetingSerializer

    def get_queryset(self) -> QuerySet[Meeting]:
        return (
            selectors.meetings_for(self.request.user)
            .prefetch_related("votes", "entries")
            .order_by("-held_on", "-id")
        )

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data = serializer.validated_data
        campaign = get_object_or_404(
            Campaign.objects.select_related("office"), pk=data["campaign"].pk
        )
        serializer.instance = call_service(
            services.meeting_create, acting_user=_user(self.request), campaign=campaign,
            held_on=data["held_on"], place=data.get("place", ""), names=data.get("names", []),
        )  # fmt: skip

    def _managed(self) -> Meeting:
        meeting = self.get_object()
        if not self.request.user.has_perm("committee.manage_meeting", meeting.campaign):
            raise PermissionDenied
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
            services.meeting_record_attendance, acting_user=_user(request), meeting=meeting,
            present=body.validated_data["present"], opinions=opinions,
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
            services.meeting_record_vote, acting_user=_user(request), meeting=meeting,
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
            services.meeting_record_minutes, acting_user=_user(request), meeting=meeting,
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
            services.meeting_approve, acting_user=_user(request), meeting=meeting,
            refused=list(refused), comment=body.validated_data.get("comment", ""),
        )  # fmt: skip
        return self._fresh(meeting)

    @extend_schema(request=NamingDecisionSerializer, responses=NamingDecisionSerializer)
    @action(detail=True, methods=["post"], url_path="name")
    def naming(self, request: Request, pk: str) -> Response:
        meeting = self._managed()
        body = NamingDecisionSerializer(data=request.data | {"meeting": meeting.pk})
        body.is_valid(raise_exception=True)
        data = body.validated_data
        decision = call_service(
            services_naming.naming_decide, acting_user=_user(request), meeting=meeting,
            document_number=data["document_number"], named_on=data["named_on"],
            naming_body=data["naming_body"],
        )  # fmt: skip
        return Response(NamingDecisionSerializer(decision).data, status=201)


class DecisionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = NamingDecisionSerializer

    def get_queryset(self) -> QuerySet[NamingDecision]:
        campaigns = selectors.campaigns_for(self.request.user)
        return NamingDecision.objects.filter(meeting__campaign__in=campaigns).order_by("-id")


class CertificateViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CertificateSerializer

    def get_queryset(self) -> QuerySet[Certificate]:
        campaigns = selectors.campaigns_for(self.request.user)
        return selectors.certificates().filter(decision__meeting__campaign__in=campaigns)

    @extend_schema(responses=CertificateVerificationSerializer, auth=[])
    @action(
        detail=False,
        methods=["get"],
        url_path=r"verify/(?P<code>[0-9A-Za-z-]{1,40})",
        permission_classes=[permissions.AllowAny],
        authentication_classes=[],
    )
    def verify(self, request: Request, code: str) -> Response:
        """Public: whether a certificate code is genuine and what it certifies."""
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
