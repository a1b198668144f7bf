"""REST API of the assessor comparison (docs/rules.md#assessor-comparison): a round's
assessors' severities and its disputed clauses, the figures of the office's page, read
only, for the office running the round's campaign (a round it does not run is not found).
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.generics import get_object_or_404  # a malformed id is a 404, not a 500
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from wenming.accounts.permissions import signed_in_user
from wenming.domain.assessors import cents

from ..models import Round
from ..selectors.assessors import RoundComparison, comparison


def _two(value: Any) -> str | None:
    return None if value is None else f"{cents(value):.2f}"


class SeveritySerializer(serializers.Serializer[dict[str, Any]]):
    assessor = serializers.IntegerField()
    name = serializers.CharField()
    marks = serializers.IntegerField()
    compared = serializers.IntegerField()
    severity = serializers.CharField(allow_null=True, help_text=_("平均偏差（分），两位小数"))
    severity_percent = serializers.CharField(
        allow_null=True, help_text=_("平均偏差占要点分值（%）")
    )


class DisputeMarkSerializer(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField()
    points = serializers.CharField()


class DisputeSerializer(serializers.Serializer[dict[str, Any]]):
    application = serializers.IntegerField()
    organization = serializers.CharField()
    clause = serializers.CharField()
    text = serializers.CharField()
    method = serializers.CharField()
    points = serializers.CharField()
    limit = serializers.CharField()
    spread = serializers.CharField()
    variance = serializers.CharField()
    marks = DisputeMarkSerializer(many=True)


class ComparisonSerializer(serializers.Serializer[dict[str, Any]]):
    round = serializers.IntegerField()
    margin = serializers.CharField()
    cells = serializers.IntegerField()
    assessors = SeveritySerializer(many=True)
    disputes = DisputeSerializer(many=True)


def _data(found: RoundComparison) -> dict[str, Any]:
    assessors = [
        {
            "assessor": row.user.pk,
            "name": str(row.user),
            "marks": row.severity.marks,
            "compared": row.severity.compared,
            "severity": _two(row.severity.points),
            "severity_percent": _two(
                None if row.severity.share is None else row.severity.share * 100
            ),
        }
        for row in found.assessors
    ]
    disputes = [
        {
            "application": a.application.pk,
            "organization": a.application.organization.name,
            "clause": d.key,
            "text": d.text,
            "method": d.spread.cell.method,
            "points": str(d.spread.cell.points),
            "limit": _two(d.spread.limit),
            "spread": _two(d.spread.spread),
            "variance": _two(d.spread.variance),
            "marks": [{"name": name, "points": str(p)} for name, p in d.marks],
        }
        for a in found.applicants
        for d in a.clauses
    ]
    return {
        "round": found.round.pk,
        "margin": str(found.round.disagreement_margin),
        "cells": found.cells,
        "assessors": assessors,
        "disputes": disputes,
    }


class AssessorComparisonViewSet(viewsets.ViewSet):
    """A round's assessors compared: ``GET /api/assessment/assessor-comparisons/{round}/``."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ComparisonSerializer

    @extend_schema(
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="测评轮次")],
        responses=ComparisonSerializer,
    )
    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        round_ = get_object_or_404(Round.objects.select_related("campaign__office"), pk=pk)
        if not signed_in_user(request).has_perm("assessment.compare_assessors", round_):
            raise NotFound
        return Response(ComparisonSerializer(_data(comparison(round_))).data)


def register(router: BaseRouter) -> None:
    router.register(
        "assessment/assessor-comparisons",
        AssessorComparisonViewSet,
        basename="assessment-assessor-comparison",
    )
