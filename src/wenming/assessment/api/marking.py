"""REST API of assessment: groups, assignments, samples, visits and marks.

Reads are scoped as the pages are: the office running a campaign reads everything of its
rounds; an assessor reads only what concerns the applicants assigned to its groups.
Marks are written through ``mark_save`` (the same checks and audit as the page).
"""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from wenming.accounts.models import User
from wenming.accounts.permissions import signed_in_user
from wenming.api_support import call_service
from wenming.visits.models import Group, GroupMember, Visit

from .. import services
from ..models import Assignment, Mark, MarkMethod, Round, SampleEntry
from .scoping import OfficeOrAssessor, assigned_rows, scoped


class MemberSerializer(serializers.ModelSerializer[GroupMember]):
    name = serializers.CharField(source="user.__str__", read_only=True)

    class Meta:
        model = GroupMember
        fields = ["user", "name", "is_leader"]


class GroupSerializer(serializers.ModelSerializer[Group]):
    round = serializers.IntegerField(source="owner_id", read_only=True)
    members = MemberSerializer(many=True, read_only=True)

    class Meta:
        model = Group
        fields = ["id", "round", "name", "phase", "home_county", "members"]


class GroupViewSet(viewsets.ReadOnlyModelViewSet[Group]):
    queryset = Group.objects.none()  # for the schema; get_queryset scopes it
    serializer_class = GroupSerializer
    permission_classes = [permissions.IsAuthenticated, OfficeOrAssessor]

    def get_queryset(self) -> QuerySet[Group]:
        qs = (
            Group.objects.filter(owner_type=ContentType.objects.get_for_model(Round))
            .prefetch_related("members__user")
            .order_by("owner_id", "phase", "id")
        )
        user = self.request.user
        members = GroupMember.objects.filter(group_id=OuterRef("pk"))
        mine = Exists(members.filter(user=user) if isinstance(user, User) else members.none())
        return scoped(qs, user, "round__", mine)


class AssignmentSerializer(serializers.ModelSerializer[Assignment]):
    organization = serializers.CharField(source="application.organization.name", read_only=True)
    group_name = serializers.CharField(source="group.name", read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "round",
            "application",
            "organization",
            "group",
            "group_name",
            "source",
            "updated_at",
        ]


class _RoundRows[M: Model](viewsets.ReadOnlyModelViewSet[M]):
    """Rows of a round about one applicant each, read as ``scoping.assigned_rows`` allows."""

    permission_classes = [permissions.IsAuthenticated, OfficeOrAssessor]

    def rows(self) -> QuerySet[M]:
        """Every row, in the order the endpoint lists them."""
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[M]:
        return assigned_rows(self.rows(), self.request.user)


class AssignmentViewSet(_RoundRows[Assignment]):
    queryset = Assignment.objects.none()  # for the schema; get_queryset scopes it
    serializer_class = AssignmentSerializer

    def rows(self) -> QuerySet[Assignment]:
        qs = Assignment.objects.select_related("application__organization", "group")
        return qs.order_by("round_id", "group_id", "application_id")


class SampleSerializer(serializers.ModelSerializer[SampleEntry]):
    organization = serializers.CharField(source="application.organization.name", read_only=True)
    seed = serializers.CharField(source="round.seed", read_only=True)
    # The draw's commitment (the round's whole record: /api/assessment/draws/<round>/).
    candidates_hash = serializers.CharField(source="round.candidates_hash", read_only=True)
    committed_at = serializers.DateTimeField(source="round.committed_at", read_only=True)

    class Meta:
        model = SampleEntry
        fields = [
            "id",
            "round",
            "seed",
            "candidates_hash",
            "committed_at",
            "stratum",
            "application",
            "organization",
        ]


class SampleViewSet(_RoundRows[SampleEntry]):
    queryset = SampleEntry.objects.none()  # for the schema; get_queryset scopes it
    serializer_class = SampleSerializer

    def rows(self) -> QuerySet[SampleEntry]:
        qs = SampleEntry.objects.select_related("application__organization", "round")
        return qs.order_by("round_id", "stratum", "application_id")


class VisitSerializer(serializers.ModelSerializer[Visit]):
    assignment = serializers.IntegerField(source="assignment.pk", read_only=True)
    round = serializers.IntegerField(source="assignment.round_id", read_only=True)
    application = serializers.IntegerField(source="assignment.application_id", read_only=True)
    photos = serializers.SerializerMethodField()

    class Meta:
        model = Visit
        fields = [
            "id",
            "assignment",
            "round",
            "application",
            "visited_on",
            "report_done",
            "report_notes",
            "files_done",
            "files_notes",
            "site_done",
            "site_notes",
            "site_checklist",
            "feedback_done",
            "feedback_notes",
            "photos",
            "updated_at",
        ]

    def get_photos(self, visit: Visit) -> list[dict[str, Any]]:
        return [
            {"step": p.step, "name": p.original_name, "sha256": p.sha256, "size": p.size}
            for p in visit.photos.all()
        ]


class VisitViewSet(viewsets.ReadOnlyModelViewSet[Visit]):
    queryset = Visit.objects.none()  # for the schema; get_queryset scopes it
    serializer_class = VisitSerializer
    permission_classes = [permissions.IsAuthenticated, OfficeOrAssessor]

    def get_queryset(self) -> QuerySet[Visit]:
        qs = (
            Visit.objects.filter(assignment__isnull=False)
            .select_related("assignment")
            .prefetch_related("photos")
            .order_by("id")
        )
        mine = Q(assignment__group__members__user=self.request.user)
        return scoped(qs, self.request.user, "assignment__round__", mine).distinct()


class MarkSerializer(serializers.ModelSerializer[Mark]):
    class Meta:
        model = Mark
        fields = [
            "id",
            "round",
            "application",
            "assessor",
            "clause_key",
            "method",
            "points",
            "framework",
            "updated_at",
        ]
        read_only_fields = ["id", "assessor", "framework", "updated_at"]
        validators: list[Any] = []  # one mark per key is the service's concern (idempotent)


class MarkInputSerializer(serializers.Serializer[Mark]):
    round = serializers.IntegerField()
    application = serializers.IntegerField()
    clause_key = serializers.CharField(max_length=32)
    method = serializers.ChoiceField(choices=MarkMethod.choices)
    points = serializers.DecimalField(max_digits=5, decimal_places=2)


class MarkViewSet(mixins.CreateModelMixin, _RoundRows[Mark]):
    """Marks; POST saves one (idempotent per round, application, assessor, clause, method)."""

    queryset = Mark.objects.none()  # for the schema; get_queryset scopes it
    serializer_class = MarkSerializer

    def rows(self) -> QuerySet[Mark]:
        return Mark.objects.order_by("round_id", "application_id", "clause_key", "method", "id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = MarkInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        assignment = (
            Assignment.objects.filter(
                round_id=values["round"], application_id=values["application"]
            )
            .select_related("application__award__framework", "application__campaign")
            .first()
        )
        if assignment is None:
            raise NotFound
        saved = call_service(
            services.mark_save,
            acting_user=signed_in_user(request),
            assignment=assignment,
            clause_key=values["clause_key"],
            method=values["method"],
            points=values["points"],
        )
        return Response(MarkSerializer(saved.mark).data, status=201 if saved.changed else 200)


def register(router: BaseRouter) -> None:
    """Add the groups, assignments, samples, visits and marks endpoints to the router."""
    router.register("assessment/groups", GroupViewSet, basename="assessment-group")
    router.register("assessment/assignments", AssignmentViewSet, basename="assessment-assignment")
    router.register("assessment/samples", SampleViewSet, basename="assessment-sample")
    router.register("assessment/visits", VisitViewSet, basename="assessment-visit")
    router.register("assessment/marks", MarkViewSet, basename="assessment-mark")
