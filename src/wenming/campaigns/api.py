"""REST API of campaigns: campaigns, eligibility, applications, quotas, recommendations.

Reads are scoped as the pages are: anyone with a role reads campaigns; an applicant sees
its own organization's applications, a recommending unit those routed to it, the running
office all of its campaign's. Writes go through the services, which check permissions,
deadlines and the state machine and write the audit event, so an action does the same
whether it arrives by page or by API.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter
from rest_framework.views import APIView

from wenming.api_support import call_service
from wenming.domain.application_states import State
from wenming.registry.models import Body, Organization, Region
from wenming.registry.scopes import organizations_for, scope_of

from . import services
from .eligibility import verdicts_for
from .models import (
    Application,
    Award,
    Campaign,
    ExceptionalStatus,
    Quota,
    QuotaChangeKind,
    SelfMark,
    Stage,
    StageKind,
)

# ---- who may read at all ------------------------------------------------------------------


class HasRole(permissions.BasePermission):
    """Every campaign endpoint needs a role; what each role reaches is scoped below."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user.has_perm("campaigns.view_campaign"))


def applications_for(user: Any) -> QuerySet[Application]:
    """The applications a user may see (the same reach as ``campaigns.view_application``)."""
    scope = scope_of(user)
    qs = Application.objects.all()
    if scope.is_admin:
        return qs
    q = Q(organization_id__in=scope.organization_ids)
    q |= Q(body_id__in=scope.body_ids)
    q |= Q(body__isnull=True, region__path__in=scope.office_paths)
    for path in scope.office_paths:
        q |= Q(campaign__office__path__startswith=path)
    return qs.filter(q)


def quotas_for(user: Any) -> QuerySet[Quota]:
    """The quotas a user may see: the running office all of its campaign's, a recommending
    unit its own."""
    scope = scope_of(user)
    qs = Quota.objects.all()
    if scope.is_admin:
        return qs
    q = Q(body_id__in=scope.body_ids) | Q(body__isnull=True, region__path__in=scope.office_paths)
    for path in scope.office_paths:
        q |= Q(award__campaign__office__path__startswith=path)
    return qs.filter(q)


def _choice(choices: Any, **kwargs: Any) -> serializers.ChoiceField:
    """A choice field whose values are documented inline. drf-spectacular names an enum
    after its field, and the registry's and frameworks' ``status`` and ``kind`` hold other
    choices; wrapped in ``allOf`` the values stay with the field and nothing collides."""

    values = [value for value, _label in choices]

    @extend_schema_field({"allOf": [{"type": "string", "enum": values}]})
    class InlineChoiceField(serializers.ChoiceField):
        pass

    return InlineChoiceField(choices=choices, **kwargs)


# ---- campaigns ----------------------------------------------------------------------------


class AwardSerializer(serializers.ModelSerializer):
    category = _choice(Award._meta.get_field("category").choices, read_only=True)
    level = _choice(Award._meta.get_field("level").choices, read_only=True)
    label = serializers.CharField(read_only=True)
    framework_name = serializers.CharField(source="framework.name", read_only=True)

    class Meta:
        model = Award
        fields = ["id", "category", "level", "model", "label", "framework", "framework_name"]
        read_only_fields = fields


class StageSerializer(serializers.ModelSerializer):
    kind = _choice(StageKind.choices, read_only=True)
    is_open = serializers.SerializerMethodField()

    class Meta:
        model = Stage
        fields = ["kind", "opens_at", "closes_at", "is_open"]
        read_only_fields = fields

    def get_is_open(self, stage: Stage) -> bool:
        return stage.is_open()


class CampaignSerializer(serializers.ModelSerializer):
    office = serializers.SlugRelatedField(slug_field="code", read_only=True)
    office_name = serializers.CharField(source="office.name", read_only=True)
    awards = AwardSerializer(many=True, read_only=True)
    stages = StageSerializer(many=True, read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "name",
            "edition",
            "office",
            "office_name",
            "parent",
            "publicity_days",
            "awards",
            "stages",
        ]
        read_only_fields = fields


class VerdictSerializer(serializers.Serializer):
    award = serializers.IntegerField(source="award.pk")
    label = serializers.CharField(source="award.label")
    status = serializers.CharField(help_text="eligible, exceptional_only or not_eligible")
    eligible = serializers.BooleanField()
    exceptional_only = serializers.BooleanField()
    reason = serializers.JSONField(help_text="The rule and the title it rests on, as data.")
    text = serializers.CharField(help_text="The reason in words.")


class EligibilitySerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    organization_name = serializers.CharField()
    verdicts = VerdictSerializer(many=True)


class CampaignViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CampaignSerializer
    permission_classes = [permissions.IsAuthenticated, HasRole]

    def get_queryset(self) -> QuerySet[Campaign]:
        return (
            Campaign.objects.select_related("office")
            .prefetch_related(
                Prefetch("awards", queryset=Award.objects.select_related("framework")),
                Prefetch("stages", queryset=Stage.objects.order_by("opens_at", "id")),
            )
            .order_by("-edition", "id")
        )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "organization", int, required=True, description="The organization to judge."
            )
        ],
        responses=EligibilitySerializer,
    )
    @action(detail=True, methods=["get"])
    def eligibility(self, request: Request, pk: str | None = None) -> Response:
        """Each award of the campaign with the organization's verdict and its reason."""
        campaign = self.get_object()
        raw = request.query_params.get("organization", "")
        if not raw.isdigit():
            raise ValidationError({"organization": [_("请用 organization 参数给出组织的编号。")]})
        organization = get_object_or_404(
            organizations_for(request.user).prefetch_related("titles", "honors"), pk=int(raw)
        )
        verdicts = verdicts_for(campaign, organization)
        data = {
            "organization": organization.pk,
            "organization_name": organization.name,
            "verdicts": verdicts,
        }
        return Response(EligibilitySerializer(data).data)


# ---- applications -------------------------------------------------------------------------


class SelfMarkSerializer(serializers.ModelSerializer):
    class Meta:
        model = SelfMark
        fields = ["clause_key", "points", "narrative", "updated_at"]
        read_only_fields = ["updated_at"]
        # The service says whether the clause exists and the points fit it.
        extra_kwargs = {"narrative": {"required": False}}
        validators: list[Any] = []


class ApplicationSerializer(serializers.ModelSerializer):
    award_label = serializers.CharField(source="award.label", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    status = _choice(Application._meta.get_field("status").choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    exceptional = _choice(ExceptionalStatus.choices, read_only=True)
    recommender_name = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "campaign",
            "award",
            "award_label",
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
        return services.submission_problems(application)


class ApplicationStartSerializer(serializers.Serializer):
    award = serializers.PrimaryKeyRelatedField(queryset=Award.objects.select_related("campaign"))
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.none())
    justification = serializers.CharField(required=False, allow_blank=True, default="")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # An organization the caller cannot see does not exist for them.
            self.fields["organization"].queryset = organizations_for(request.user)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(allow_blank=True)


class FormSerializer(serializers.Serializer):
    """The statistics of the application form (they feed the threshold indicators)."""

    staff_count = serializers.IntegerField(required=False, allow_null=True)
    party_members = serializers.IntegerField(required=False, allow_null=True)
    registered_volunteers = serializers.IntegerField(required=False, allow_null=True)
    party_member_volunteers = serializers.IntegerField(required=False, allow_null=True)
    volunteers_served = serializers.IntegerField(required=False, allow_null=True)


def _parameters(*names: str) -> list[OpenApiParameter]:
    return [
        OpenApiParameter(name, int, description=f"Only those of this {name}.") for name in names
    ]


@extend_schema_view(list=extend_schema(parameters=_parameters("campaign", "award", "organization")))
class ApplicationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.IsAuthenticated, HasRole]
    FILTERS = ("campaign", "award", "organization")

    def get_queryset(self) -> QuerySet[Application]:
        qs = applications_for(self.request.user).select_related(
            "award", "organization", "region", "body"
        )
        if self.action == "list":
            for name in self.FILTERS:
                value = self.request.query_params.get(name, "")
                if value.isdigit():
                    qs = qs.filter(**{f"{name}_id": int(value)})
        else:
            qs = qs.select_related("campaign", "award__framework").prefetch_related(
                Prefetch("self_marks", queryset=SelfMark.objects.order_by("clause_key"))
            )
        return qs.order_by("campaign", "award", "rank", "id")

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
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
            acting_user=request.user,
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
            services.application_submit, acting_user=request.user, application=self.get_object()
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
            acting_user=request.user,
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
            acting_user=request.user,
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
            acting_user=request.user,
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
            acting_user=request.user,
            application=self.get_object(),
            clause_key=data["clause_key"],
            points=data["points"],
            narrative=data.get("narrative", ""),
        )
        return Response(SelfMarkSerializer(mark).data)


# ---- quotas -------------------------------------------------------------------------------


def _recommended_count(which: Q) -> Coalesce:
    """How many applications of the quota's award and unit match ``which``."""
    rows = (
        Application.objects.filter(which, award=OuterRef("award"))
        .filter(Q(region=OuterRef("region"), body__isnull=True) | Q(body=OuterRef("body")))
        .order_by()
        .values("award")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(rows), Value(0))


class QuotaSerializer(serializers.ModelSerializer):
    campaign = serializers.IntegerField(source="award.campaign_id", read_only=True)
    award_label = serializers.CharField(source="award.label", read_only=True)
    unit_name = serializers.SerializerMethodField()
    used = serializers.IntegerField(
        read_only=True,
        help_text="Places used: applications recommended, whatever happened to them since.",
    )
    alternates = serializers.IntegerField(read_only=True, help_text="Kept as alternates.")

    class Meta:
        model = Quota
        fields = [
            "id",
            "campaign",
            "award",
            "award_label",
            "region",
            "body",
            "unit_name",
            "places",
            "used",
            "alternates",
        ]
        read_only_fields = fields

    def get_unit_name(self, quota: Quota) -> str:
        unit = quota.body or quota.region
        return unit.name if unit else ""


class QuotaChangeSerializer(serializers.Serializer):
    award = serializers.PrimaryKeyRelatedField(queryset=Award.objects.select_related("campaign"))
    region = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.all(), required=False, allow_null=True, default=None
    )
    body = serializers.PrimaryKeyRelatedField(
        queryset=Body.objects.filter(supervises=True),
        required=False,
        allow_null=True,
        default=None,
    )
    places = serializers.IntegerField()
    reason = serializers.CharField(allow_blank=True)
    kind = _choice(QuotaChangeKind.choices, default=QuotaChangeKind.SET)


@extend_schema_view(list=extend_schema(parameters=_parameters("campaign", "award")))
class QuotaViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Quotas with their use; POST sets or changes one, with its reason (audited)."""

    permission_classes = [permissions.IsAuthenticated, HasRole]

    def get_queryset(self) -> QuerySet[Quota]:
        qs = (
            quotas_for(self.request.user)
            .select_related("award", "region", "body")
            .annotate(
                used=_recommended_count(services.holds_place()),
                alternates=_recommended_count(Q(status=State.ALTERNATE)),
            )
        )
        campaign = self.request.query_params.get("campaign", "")
        if campaign.isdigit():
            qs = qs.filter(award__campaign_id=int(campaign))
        award = self.request.query_params.get("award", "")
        if award.isdigit():
            qs = qs.filter(award_id=int(award))
        return qs.order_by("award__campaign", "award", "region", "body", "id")

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        return QuotaChangeSerializer if self.action == "create" else QuotaSerializer

    @extend_schema(request=QuotaChangeSerializer, responses={200: QuotaSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Set or change a recommending unit's quota for an award; the reason is required."""
        incoming = QuotaChangeSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        quota = call_service(
            services.quota_set, acting_user=request.user, **incoming.validated_data
        )
        fresh = self.get_queryset().filter(pk=quota.pk).first()
        return Response(QuotaSerializer(fresh or quota).data)


# ---- recommendations ----------------------------------------------------------------------


class RecommendSerializer(serializers.Serializer):
    award = serializers.PrimaryKeyRelatedField(queryset=Award.objects.select_related("campaign"))
    region = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The recommending county office (or the running office for direct ones).",
    )
    body = serializers.PrimaryKeyRelatedField(
        queryset=Body.objects.filter(supervises=True),
        required=False,
        allow_null=True,
        default=None,
        help_text="The recommending supervising body.",
    )
    recommended = serializers.ListField(
        child=serializers.IntegerField(), help_text="Application ids, in order of merit."
    )
    alternates = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list
    )
    not_recommended = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list
    )


class RecommendationViewSet(viewsets.GenericViewSet):
    """A recommending unit's decision for one award (within its quota)."""

    permission_classes = [permissions.IsAuthenticated, HasRole]
    serializer_class = RecommendSerializer

    def get_queryset(self) -> QuerySet[Application]:
        return applications_for(self.request.user)

    @extend_schema(request=RecommendSerializer, responses=ApplicationSerializer(many=True))
    def create(self, request: Request) -> Response:
        """Recommend in order, keep ranked alternates, and not recommend the rest."""
        incoming = RecommendSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        lists = {name: data[name] for name in ("recommended", "alternates", "not_recommended")}
        wanted = {pk for ids in lists.values() for pk in ids}
        found = {a.pk: a for a in self.get_queryset().filter(pk__in=wanted)}
        unknown = sorted(wanted - found.keys())
        if unknown:
            ids = ", ".join(str(pk) for pk in unknown)
            raise ValidationError({"applications": [_("没有这些申报：%(ids)s。") % {"ids": ids}]})
        changed = call_service(
            services.recommend,
            acting_user=request.user,
            award=data["award"],
            region=data["region"],
            body=data["body"],
            **{name: [found[pk] for pk in ids] for name, ids in lists.items()},
        )
        rows = (
            Application.objects.filter(pk__in=[a.pk for a in changed])
            .select_related("award", "organization", "region", "body")
            .order_by("status", "rank", "id")
        )
        return Response(ApplicationSerializer(rows, many=True).data)


def register(router: BaseRouter) -> None:
    """Add the campaign endpoints to the API router."""
    router.register("campaigns", CampaignViewSet, basename="campaign")
    router.register("applications", ApplicationViewSet, basename="application")
    router.register("quotas", QuotaViewSet, basename="quota")
    router.register("recommendations", RecommendationViewSet, basename="recommendation")
