"""Endpoints of campaigns: each campaign with its awards and stages, and the eligibility
of an organization for each award."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404  # a malformed id is a 404, not a 500
from rest_framework.request import Request
from rest_framework.response import Response

from wenming.accounts.permissions import signed_in_user
from wenming.api_support import query_id
from wenming.registry.models import Region
from wenming.registry.scopes import organizations_for

from ..eligibility import AwardVerdict, verdicts_for
from ..models import Award, Campaign, Stage, StageKind
from .common import HasRole, choice_field


class AwardSerializer(serializers.ModelSerializer[Award]):
    category = choice_field(Award._meta.get_field("category").choices, read_only=True)
    level = choice_field(Award._meta.get_field("level").choices, read_only=True)
    framework_name = serializers.CharField(source="framework.name", read_only=True)

    class Meta:
        model = Award
        fields = ["id", "category", "level", "model", "label", "framework", "framework_name"]
        read_only_fields = fields

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # ``label`` is declared here: a serializer attribute of that name is the field's own.
        fields = super().get_fields()
        fields["label"] = serializers.CharField(read_only=True)
        return fields


class StageSerializer(serializers.ModelSerializer[Stage]):
    kind = choice_field(StageKind.choices, read_only=True)
    is_open = serializers.SerializerMethodField()

    class Meta:
        model = Stage
        fields = ["kind", "opens_at", "closes_at", "is_open"]
        read_only_fields = fields

    def get_is_open(self, stage: Stage) -> bool:
        return stage.is_open()


class CampaignSerializer(serializers.ModelSerializer[Campaign]):
    office: serializers.SlugRelatedField[Region] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
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


class VerdictSerializer(serializers.Serializer[AwardVerdict]):
    award = serializers.IntegerField(source="award.pk")
    status = serializers.CharField(help_text="eligible, exceptional_only or not_eligible")
    eligible = serializers.BooleanField()
    exceptional_only = serializers.BooleanField()
    reason = serializers.JSONField(help_text="The rule and the title it rests on, as data.")
    text = serializers.CharField(help_text="The reason in words.")

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # ``label`` is declared here, after the award: a serializer attribute of that name
        # is the field's own.
        fields = super().get_fields()
        award = fields.pop("award")
        return {"award": award, "label": serializers.CharField(source="award.label"), **fields}


class EligibilitySerializer(serializers.Serializer[dict[str, Any]]):
    organization = serializers.IntegerField()
    organization_name = serializers.CharField()
    verdicts = VerdictSerializer(many=True)


class CampaignViewSet(viewsets.ReadOnlyModelViewSet[Campaign]):
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
        wanted = query_id(request, "organization")
        if wanted is None:
            raise ValidationError({"organization": [_("请用 organization 参数给出组织的编号。")]})
        organization = get_object_or_404(
            organizations_for(signed_in_user(request)).prefetch_related("titles", "honors"),
            pk=wanted,
        )
        verdicts = verdicts_for(campaign, organization)
        data = {
            "organization": organization.pk,
            "organization_name": organization.name,
            "verdicts": verdicts,
        }
        return Response(EligibilitySerializer(data).data)
