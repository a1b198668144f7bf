"""Endpoints of quotas and recommendation: each quota with its use, a quota set or
changed with its reason, and a recommending unit's decision for an award."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from wenming.accounts.permissions import signed_in_user
from wenming.api_support import call_service, query_id
from wenming.domain.application_states import State
from wenming.registry.models import Body, Region

from .. import services
from ..models import Application, Award, Quota, QuotaChangeKind
from ..selectors.applications import holds_place
from .applications import ApplicationSerializer
from .common import (
    AWARD_ROW_FIELDS,
    HasRole,
    applications_for,
    choice_field,
    filter_parameters,
    quotas_for,
)


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


class QuotaSerializer(serializers.ModelSerializer[Quota]):
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
            *AWARD_ROW_FIELDS,
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


class QuotaChangeSerializer(serializers.Serializer[dict[str, Any]]):
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
    kind = choice_field(QuotaChangeKind.choices, default=QuotaChangeKind.SET)


@extend_schema_view(list=extend_schema(parameters=filter_parameters("campaign", "award")))
class QuotaViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Quota]):
    """Quotas with their use; POST sets or changes one, with its reason (audited)."""

    permission_classes = [permissions.IsAuthenticated, HasRole]

    def get_queryset(self) -> QuerySet[Quota]:
        qs = (
            quotas_for(self.request.user)
            .select_related("award", "region", "body")
            .annotate(
                used=_recommended_count(holds_place()),
                alternates=_recommended_count(Q(status=State.ALTERNATE)),
            )
        )
        campaign = query_id(self.request, "campaign")
        if campaign is not None:
            qs = qs.filter(award__campaign_id=campaign)
        award = query_id(self.request, "award")
        if award is not None:
            qs = qs.filter(award_id=award)
        return qs.order_by("award__campaign", "award", "region", "body", "id")

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return QuotaChangeSerializer if self.action == "create" else QuotaSerializer

    @extend_schema(request=QuotaChangeSerializer, responses={200: QuotaSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Set or change a recommending unit's quota for an award; the reason is required."""
        incoming = QuotaChangeSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        quota = call_service(
            services.quota_set, acting_user=signed_in_user(request), **incoming.validated_data
        )
        fresh = self.get_queryset().filter(pk=quota.pk).first()
        return Response(QuotaSerializer(fresh or quota).data)


# ---- recommendations ----------------------------------------------------------------------


class RecommendSerializer(serializers.Serializer[dict[str, Any]]):
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


class RecommendationViewSet(viewsets.GenericViewSet[Application]):
    """A recommending unit's decision for one award (within its quota)."""

    permission_classes = [permissions.IsAuthenticated, HasRole]

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        # The decision comes in as lists of ids; applications go out.
        return RecommendSerializer

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
            acting_user=signed_in_user(request),
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
