"""Endpoints of applications: read what the caller reaches; apply, submit, withdraw,
return, fill in the form and mark, each through its service."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from wenming.accounts.permissions import signed_in_user
from wenming.api_support import call_service, query_id
from wenming.domain.application_states import State
from wenming.registry.models import Organization
from wenming.registry.scopes import organizations_for

from .. import services
from ..models import Application, Award, ExceptionalStatus, SelfMark
from ..selectors.applications import submission_problems
from .common import AWARD_ROW_FIELDS, HasRole, applications_for, choice_field, filter_parameters


class SelfMarkSerializer(serializers.ModelSerializer[SelfMark]):
    class Meta:
        model = SelfMark
        fields = ["clause_key", "points", "narrative", "updated_at"]
        read_only_fields = ["updated_at"]
        # The service says whether the clause exists and the points fit it.
        extra_kwargs = {"narrative": {"required": False}}
        validators: list[Any] = []


class ApplicationSerializer(serializers.ModelSerializer[Application]):
    award_label = serializers.CharField(source="award.label", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    status = choice_field(Application._meta.get_field("status").choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    exceptional = choice_field(ExceptionalStatus.choices, read_only=True)
    recommender_name = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            *AWARD_ROW_FIELDS,
            "organization",
            "organization_name",
            "status",
            "status_label",
            "region",
            "body",
            "recommender_name",
            "exceptional",
            "rank",
            "comment",
            "submitted_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_recommender_name(self, application: Application) -> str:
        unit = application.body or application.region
        return unit.name if unit else ""


class ApplicationDetailSerializer(ApplicationSerializer):
    self_marks = SelfMarkSerializer(many=True, read_only=True)
    problems = serializers.SerializerMethodField()

    class Meta(ApplicationSerializer.Meta):
        fields = [
            *ApplicationSerializer.Meta.fields,
            "eligibility",
            "justification",
            "form",
            "self_marks",
            "problems",
        ]
        read_only_fields = fields

    def get_problems(self, application: Application) -> list[str]:
        """What still stops a draft from being submitted."""
        if application.status not in (State.DRAFT, State.RETURNED):
            return []
        return submission_problems(application)


class ApplicationStartSerializer(serializers.Serializer[dict[str, Any]]):
    award = serializers.PrimaryKeyRelatedField(queryset=Award.objects.select_related("campaign"))
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.none())
    justification = serializers.CharField(required=False, allow_blank=True, default="")

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            # An organization the caller cannot see does not exist for them.
            fields["organization"] = serializers.PrimaryKeyRelatedField(
                queryset=organizations_for(request.user)
            )
        return fields


class ReasonSerializer(serializers.Serializer[dict[str, Any]]):
    reason = serializers.CharField(allow_blank=True)


class CommentSerializer(serializers.Serializer[dict[str, Any]]):
    comment = serializers.CharField(allow_blank=True)


class FormSerializer(serializers.Serializer[dict[str, Any]]):
    """The statistics of the application form (they feed the threshold indicators)."""

    staff_count = serializers.IntegerField(required=False, allow_null=True)
    party_members = serializers.IntegerField(required=False, allow_null=True)
    registered_volunteers = serializers.IntegerField(required=False, allow_null=True)
    party_member_volunteers = serializers.IntegerField(required=False, allow_null=True)
    volunteers_served = serializers.IntegerField(required=False, allow_null=True)


#: The list's filters: ``?campaign=…&award=…&organization=…``.
APPLICATION_FILTERS = ("campaign", "award", "organization")


@extend_schema_view(list=extend_schema(parameters=filter_parameters(*APPLICATION_FILTERS)))
class ApplicationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Application]):
    permission_classes = [permissions.IsAuthenticated, HasRole]
    FILTERS = APPLICATION_FILTERS

    def get_queryset(self) -> QuerySet[Application]:
        qs = applications_for(self.request.user).select_related(
            "award", "organization", "region", "body"
        )
        if self.action == "list":
            for name in self.FILTERS:
                value = query_id(self.request, name)
                if value is not None:
                    qs = qs.filter(**{f"{name}_id": value})
        else:
            qs = qs.select_related("campaign", "award__framework").prefetch_related(
                Prefetch("self_marks", queryset=SelfMark.objects.order_by("clause_key"))
            )
        return qs.order_by("campaign", "award", "rank", "id")

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "list":
            return ApplicationSerializer
        if self.action == "create":
            return ApplicationStartSerializer
        return ApplicationDetailSerializer

    def _respond(self, application: Application, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=application.pk)
        return Response(ApplicationDetailSerializer(fresh).data, status=code)

    @extend_schema(
        request=ApplicationStartSerializer,
        responses={201: ApplicationDetailSerializer, 200: ApplicationDetailSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Apply for an award (a draft). Applying again returns the same application (200)."""
        incoming = ApplicationStartSerializer(data=request.data, context={"request": request})
        incoming.is_valid(raise_exception=True)
        award = incoming.validated_data["award"]
        organization = incoming.validated_data["organization"]
        existed = Application.objects.filter(award=award, organization=organization).exists()
        application = call_service(
            services.application_start,
            acting_user=signed_in_user(request),
            campaign=award.campaign,
            award=award,
            organization=organization,
            justification=incoming.validated_data["justification"],
        )
        return self._respond(
            application, status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        )

    @extend_schema(request=None, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Submit before the deadline; submitting again changes nothing."""
        application = call_service(
            services.application_submit,
            acting_user=signed_in_user(request),
            application=self.get_object(),
        )
        return self._respond(application)

    @extend_schema(request=ReasonSerializer, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        """Withdraw (or persuade to withdraw); a vacated place goes to the first alternate."""
        incoming = ReasonSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        application = call_service(
            services.application_withdraw,
            acting_user=signed_in_user(request),
            application=self.get_object(),
            reason=incoming.validated_data["reason"],
        )
        return self._respond(application)

    @extend_schema(request=CommentSerializer, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_for_correction(self, request: Request, pk: str | None = None) -> Response:
        """Return the application to its applicant for correction, with comments."""
        incoming = CommentSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        application = call_service(
            services.application_return,
            acting_user=signed_in_user(request),
            application=self.get_object(),
            comment=incoming.validated_data["comment"],
        )
        return self._respond(application)

    @extend_schema(request=FormSerializer, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["patch"])
    def form(self, request: Request, pk: str | None = None) -> Response:
        """Change the statistics of the application form (only those given)."""
        incoming = FormSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        application = call_service(
            services.application_update_form,
            acting_user=signed_in_user(request),
            application=self.get_object(),
            form=dict(incoming.validated_data),
        )
        return self._respond(application)

    @extend_schema(request=SelfMarkSerializer, responses=SelfMarkSerializer)
    @action(detail=True, methods=["put"], url_path="self-marks", url_name="self-marks")
    def self_marks(self, request: Request, pk: str | None = None) -> Response:
        """Save the applicant's own mark and account for one scoring point."""
        incoming = SelfMarkSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        mark = call_service(
            services.self_mark_save,
            acting_user=signed_in_user(request),
            application=self.get_object(),
            clause_key=data["clause_key"],
            points=data["points"],
            narrative=data.get("narrative", ""),
        )
        return Response(SelfMarkSerializer(mark).data)
