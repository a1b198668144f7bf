"""REST API of questionnaires and rankings.

The office running a campaign reads its rankings and questionnaires, queues the
ranking's computation for the task worker (and polls its run), and issues questionnaire
tokens; the public answers a questionnaire by token without logging in (one response per
token, rate-limited per address like the page).
"""

from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.generics import get_object_or_404  # a malformed id is a 404, not a 500
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from wenming.accounts.permissions import require_perm, signed_in_user
from wenming.api_support import MAX_ID, call_service, query_id
from wenming.api_support.errors import ErrorSerializer
from wenming.campaigns.models import Application, Campaign
from wenming.documents.links import public_url

from .. import services
from ..models import (
    Questionnaire,
    QuestionnaireKind,
    QuestionnaireToken,
    RankingResult,
    RankingRun,
    RankingVersion,
)
from ..thresholds import QUESTIONS, questionnaire_results
from ..throttle import too_many_answers
from .scoping import OfficeOnly, scoped


class RankingSerializer(serializers.ModelSerializer[RankingResult]):
    class Meta:
        model = RankingResult
        fields = [
            "id", "campaign", "award", "application", "name", "rank", "total",
            "criteria_total", "threshold_total", "bonus_total", "deduction_total",
            "preference", "rounds", "computed_at", "version", "tie_rule", "carried",
        ]  # fmt: skip


class ComputeSerializer(serializers.Serializer[dict[str, Any]]):
    campaign = serializers.IntegerField()
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class RankedSerializer(serializers.Serializer[dict[str, Any]]):
    ranked = serializers.IntegerField()
    assessed = serializers.IntegerField()
    version = serializers.IntegerField()


class RankingViewSet(viewsets.ReadOnlyModelViewSet[RankingResult]):
    """Ranking results per award (filter by ``campaign``, ``award`` and ``version``; by
    default each campaign's latest version), in rank order."""

    queryset = RankingResult.objects.none()
    serializer_class = RankingSerializer
    permission_classes = [permissions.IsAuthenticated, OfficeOnly]

    def get_queryset(self) -> QuerySet[RankingResult]:
        qs = RankingResult.objects.select_related("version").order_by(
            "campaign_id", "award_id", F("rank").asc(nulls_last=True), "name_order"
        )
        for name in ("campaign", "award"):
            value = query_id(self.request, name)
            if value is not None:
                qs = qs.filter(**{f"{name}_id": value})
        number = query_id(self.request, "version")
        if number is not None:
            qs = qs.filter(version__number=number)
        else:
            latest = RankingVersion.objects.filter(campaign_id=OuterRef("campaign_id"))
            qs = qs.filter(version_id=Subquery(latest.order_by("-number").values("pk")[:1]))
        return scoped(qs, self.request.user, "")

    @action(detail=False, methods=["post"], serializer_class=ComputeSerializer)
    def compute(self, request: Request) -> Response:
        """Recompute the campaign's ranking from every round's marks (a reason is required
        once a version is frozen: the result is then a new version)."""
        data = ComputeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        campaign = Campaign.objects.filter(pk=data.validated_data["campaign"]).first()
        if campaign is None:
            raise NotFound
        run, _new = call_service(
            services.ranking_run_start,
            acting_user=signed_in_user(request),
            campaign=campaign,
            reason=data.validated_data.get("reason", ""),
        )
        return _run_response(RankingRun.objects.get(pk=run.pk))

    @extend_schema(request=None)
    @action(detail=False, methods=["get"], url_path=r"runs/(?P<run_id>\d+)")
    def run(self, request: Request, run_id: str) -> Response:
        """A queued ranking run: its status and phase, and once done its version and
        counts (poll until ``status`` is ``done`` or ``failed``)."""
        pk = int(run_id)
        run = RankingRun.objects.select_related("campaign").filter(pk=pk).first()
        if pk > MAX_ID or run is None:
            raise NotFound
        call_service(
            require_perm, signed_in_user(request), "campaigns.manage_campaign", run.campaign
        )
        return _run_response(run)


def _run_response(run: RankingRun) -> Response:
    """The run as the API shows it: 202 while queued or running, 200 once it ended."""
    body = {
        "run": run.pk,
        "status": run.status,
        "phase": run.phase,
        "version": run.version,
        "ranked": run.ranked,
        "assessed": run.assessed,
        "error": run.error,
    }
    return Response(body, status=status.HTTP_200_OK if run.finished else status.HTTP_202_ACCEPTED)


class QuestionnaireSerializer(serializers.ModelSerializer[Questionnaire]):
    rates = serializers.SerializerMethodField()

    class Meta:
        model = Questionnaire
        fields = ["id", "application", "kind", "created_at", "rates"]

    def get_rates(self, questionnaire: Questionnaire) -> dict[str, dict[str, int]]:
        """Positive answers and respondents per result key (absent: not computable)."""
        results = self.context.get("results", {}).get(questionnaire.application_id, {})
        return {
            key: {"positive": r.positive, "respondents": r.respondents}
            for key, r in results.items()
            if QUESTIONS[key][0] == questionnaire.kind
        }


class IssueSerializer(serializers.Serializer[dict[str, Any]]):
    application = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=QuestionnaireKind.choices)
    count = serializers.IntegerField(min_value=1, max_value=500)


class QuestionnaireViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Questionnaire]):
    """Questionnaires with their rates; POST issues tokens (and returns their links)."""

    queryset = Questionnaire.objects.none()
    serializer_class = QuestionnaireSerializer
    permission_classes = [permissions.IsAuthenticated, OfficeOnly]

    def get_queryset(self) -> QuerySet[Questionnaire]:
        qs = Questionnaire.objects.order_by("application_id", "kind")
        return scoped(qs, self.request.user, "application__")

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        if self.action in ("list", "retrieve"):
            ids = self.get_queryset().values_list("application_id", flat=True)
            context["results"] = questionnaire_results(ids)
        return context

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = IssueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        application = get_object_or_404(
            Application.objects.select_related("campaign__office"), pk=values["application"]
        )
        tokens = call_service(
            services.questionnaire_tokens_issue,
            acting_user=signed_in_user(request),
            application=application,
            kind=values["kind"],
            count=values["count"],
        )
        links = [public_url(reverse("assessment:answer", args=[t.token]), request) for t in tokens]
        return Response({"tokens": [t.token for t in tokens], "links": links}, status=201)


class QuestionnaireAnswerSerializer(serializers.Serializer[QuestionnaireToken]):
    token = serializers.CharField(max_length=32)
    satisfied = serializers.BooleanField()
    participates = serializers.BooleanField(required=False, allow_null=True)
    supports = serializers.BooleanField(required=False, allow_null=True)
    knows = serializers.BooleanField(required=False, allow_null=True)


class AnswerSavedSerializer(serializers.Serializer[dict[str, Any]]):
    saved = serializers.BooleanField()


#: The page says the same (assessment/answer_done.html).
ALREADY_ANSWERED = _("该问卷码已经提交过答卷，每个问卷码只能提交一次。")


class AnswerViewSet(viewsets.GenericViewSet[QuestionnaireToken]):
    """The public's answer to a questionnaire by token: no login; 409 if already used."""

    serializer_class = QuestionnaireAnswerSerializer
    permission_classes = [permissions.AllowAny]
    authentication_classes: list[Any] = []
    # Counted per client address in the page's budget (``..throttle``): 429.
    rate_limited = frozenset({"create"})

    @extend_schema(
        responses={
            201: AnswerSavedSerializer,
            409: OpenApiResponse(ErrorSerializer, description=str(ALREADY_ANSWERED)),
        },
        auth=[],
    )
    def create(self, request: Request) -> Response:
        if too_many_answers(request.META):
            raise Throttled
        data = QuestionnaireAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        token = (
            QuestionnaireToken.objects.select_related("questionnaire__application")
            .filter(token=values.pop("token"))
            .first()
        )
        if token is None:
            raise NotFound
        done = call_service(
            services.questionnaire_answer, acting_user=None, token=token, answers=values
        )
        if done.already:
            body = {"detail": str(ALREADY_ANSWERED), "errors": {}}  # the one error format
            return Response(body, status=status.HTTP_409_CONFLICT)
        return Response({"saved": True}, status=201)


def register(router: BaseRouter) -> None:
    """Add the questionnaire and ranking endpoints to the API router."""
    router.register("assessment/rankings", RankingViewSet, basename="assessment-ranking")
    router.register(
        "assessment/questionnaires", QuestionnaireViewSet, basename="assessment-questionnaire"
    )
    router.register("assessment/answers", AnswerViewSet, basename="assessment-answer")
