"""REST API of the committed draw (docs/rules.md#committed-draw): each sampled round's
commitment and draw, read by the office running its campaign, and the three steps the
sampling page takes, through the same services (``commit``, ``draw``, ``extend``)."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from wenming.accounts.permissions import signed_in_user
from wenming.api_support import call_service

from .. import services
from ..models import Round
from .scoping import OfficeOnly, scoped


class DrawSerializer(serializers.ModelSerializer[Round]):
    sample = serializers.SerializerMethodField()

    class Meta:
        model = Round
        fields = [
            "id",
            "campaign",
            "name",
            "stratum_kind",
            "default_ratio",
            "ratios",
            "candidates_hash",
            "committed_at",
            "seed_source",
            "seed_draw_on",
            "seed_inputs",
            "seed",
            "sampled_at",
            "sample",
        ]
        read_only_fields = fields

    def get_sample(self, round_: Round) -> list[int]:
        """The ids of the applications drawn, in id order."""
        return sorted(entry.application_id for entry in round_.sample.all())


class WitnessSerializer(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField(max_length=50)
    numbers = serializers.CharField(max_length=100)


class CommitSerializer(serializers.Serializer[dict[str, Any]]):
    seed_source = serializers.CharField(max_length=300, help_text=_("事先指定的公开开奖"))
    seed_draw_on = serializers.DateField(help_text=_("公开开奖的日期，不早于今天"))
    witnesses = WitnessSerializer(
        many=True, required=False, help_text=_("现场人员：无，或两人以上，随名单一起公布")
    )


class DrawInputSerializer(serializers.Serializer[dict[str, Any]]):
    public_numbers = serializers.CharField(max_length=200, help_text=_("公开开奖的号码"))


class ExtendSerializer(serializers.Serializer[dict[str, Any]]):
    default_ratio = serializers.DecimalField(max_digits=4, decimal_places=3)
    ratios = serializers.DictField(
        child=serializers.DecimalField(max_digits=4, decimal_places=3), required=False
    )


class DrawViewSet(viewsets.ReadOnlyModelViewSet[Round]):
    """Rounds with their commitment and draw; POST ``commit``, ``draw``, ``extend``
    take the sampling page's steps."""

    queryset = Round.objects.none()  # for the schema; get_queryset scopes it
    serializer_class = DrawSerializer
    permission_classes = [permissions.IsAuthenticated, OfficeOnly]

    def get_queryset(self) -> QuerySet[Round]:
        qs = Round.objects.select_related("campaign__office")
        return scoped(qs.prefetch_related("sample").order_by("id"), self.request.user, "")

    def _answer(self, round_: Round) -> Response:
        fresh = self.get_queryset().get(pk=round_.pk)
        return Response(DrawSerializer(fresh).data)

    @extend_schema(request=CommitSerializer, responses=DrawSerializer)
    @action(detail=True, methods=["post"])
    def commit(self, request: Request, pk: str | None = None) -> Response:
        """Publish the round's candidate list (its SHA-256 and the time), the public draw
        the seed will come from and its date, and the witnesses' numbers."""
        data = CommitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        round_ = self.get_object()
        witnesses = [(w["name"], w["numbers"]) for w in data.validated_data.get("witnesses", [])]
        call_service(
            services.round_commit_candidates,
            acting_user=signed_in_user(request),
            round_=round_,
            seed_source=data.validated_data["seed_source"],
            seed_draw_on=data.validated_data["seed_draw_on"],
            witnesses=witnesses,
        )
        return self._answer(round_)

    @extend_schema(request=DrawInputSerializer, responses=DrawSerializer)
    @action(detail=True, methods=["post"])
    def draw(self, request: Request, pk: str | None = None) -> Response:
        """Draw the sample from the published list and the entered numbers, once."""
        data = DrawInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        round_ = self.get_object()
        call_service(
            services.sample_draw,
            acting_user=signed_in_user(request),
            round_=round_,
            public_numbers=data.validated_data["public_numbers"],
        )
        return self._answer(round_)

    @extend_schema(request=ExtendSerializer, responses=DrawSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request: Request, pk: str | None = None) -> Response:
        """Raise the ratios after the draw: the earlier picks stay, new ones are added."""
        data = ExtendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        round_ = self.get_object()
        call_service(
            services.sample_extend,
            acting_user=signed_in_user(request),
            round_=round_,
            default_ratio=data.validated_data["default_ratio"],
            ratios=data.validated_data.get("ratios", {}),
        )
        return self._answer(round_)


def register(router: BaseRouter) -> None:
    router.register("assessment/draws", DrawViewSet, basename="assessment-draw")
