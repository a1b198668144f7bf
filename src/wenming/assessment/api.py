"""REST API of assessment: groups, assignments, samples, visits and marks.

Reads are scoped as the pages are: the office running a campaign reads everything of its
rounds; an assessor reads only what concerns the applicants assigned to its groups.
Marks are written through ``mark_save`` (the same checks and audit as the page).
"""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter
from rest_framework.views import APIView

from wenming.api_support import call_service
from wenming.registry.scopes import scope_of
from wenming.visits.models import Group, GroupMember, Visit

from . import services
from .models import Assignment, Mark, MarkMethod, Round, SampleEntry


class OfficeOrAssessor(permissions.BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        scope = scope_of(request.user)  # type: ignore[arg-type]
        return scope.is_office or scope.is_assessor


def _office_q(user: Any, prefix: str) -> Q | None:
    """Everything of the campaigns run by the user's offices (None for an administrator)."""
    scope = scope_of(user)
    if scope.is_admin:
        return None
    q = Q(pk__in=[])
    for path in scope.office_paths:
        q |= Q(**{f"{prefix}campaign__office__path__startswith": path})
    return q


def _assigned(user: Any, round_field: str, application_field: str) -> Exists:
    """Rows about an applicant that one of the user's groups is assigned, in that round."""
    return Exists(
        Assignment.objects.filter(
            round_id=OuterRef(round_field),
            application_id=OuterRef(application_field),
            group__members__user=user,
        )
    )


def _scoped(qs: QuerySet, user: Any, prefix: str, mine: Q | Exists) -> QuerySet:
    office = _office_q(user, prefix)
    if office is None:
        return qs
    return qs.filter(office | Q(mine))


class MemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.__str__", read_only=True)

    class Meta:
        model = GroupMember
        fields = ["user", "name", "is_leader"]


class GroupSerializer(serializers.ModelSerializer):
    round = serializers.IntegerField(source="owner_id", read_only=True)
    members = MemberSerializer(many=True, read_only=True)

    class Meta:
        model = Group
        fields = ["id", "round", "name", "phase", "home_county", "members"]


class GroupViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Group.objects.none()  # for the schema; get_queryset scopes it
    serializer_class = GroupSerializer
    permission_classes = [permissions.IsAuthenticated, OfficeOrAssessor]

    def get_queryset(self) -> QuerySet[Group]:
        qs = (
            Group.objects.filter(owner_type=ContentType.objects.get_for_model(Round))
            .prefetch_related("members__user")
            .order_by("owner_id", "phase", "id")
        )
        mine = Exists(GroupMember.objects.filter(group_id=OuterRef("pk"), user=self.request.user))
        return _scoped(qs, self.request.user, "round__", mine)


class AssignmentSerializer(serializers.ModelSerializer):
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


class AssignmentViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Assignment.objects.none()  # for the schema; get_queryset scopes it
    serializer_class = AssignmentSerializer
    permission_classes = [permissions.IsAuthenticated, OfficeOrAssessor]

    def get_queryset(self) -> QuerySet[Assignment]:
        qs = Assignment.objects.select_related("application__organization", "group").order_by(
            "round_id", "group_id", "application_id"
        )
        return _scoped(
            qs,
            self.request.user,
            "round__",
            _assigned(self.request.user, "round_id", "application_id"),
        )


class SampleSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="application.organization.name", read_only=True)
    seed = serializers.CharField(source="round.seed", read_only=True)

    class Meta:
        model = SampleEntry
        fields = ["id", "round", "seed", "stratum", "application", "organization"]


class SampleViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = SampleEntry.objects.none()  # for the schema; get_queryset scopes it
    serializer_class = SampleSerializer
    permission_classes = [permissions.IsAuthenticated, OfficeOrAssessor]

    def get_queryset(self) -> QuerySet[SampleEntry]:
        qs = SampleEntry.objects.select_related("application__organization", "round").order_by(
            "round_id", "stratum", "application_id"
        )
        return _scoped(
            qs,
            self.request.user,
            "round__",
            _assigned(self.request.user, "round_id", "application_id"),
        )


class VisitSerializer(serializers.ModelSerializer):
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


class VisitViewSet(viewsets.ReadOnlyModelViewSet):
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
        return _scoped(qs, self.request.user, "assignment__round__", mine).distinct()


class MarkSerializer(serializers.ModelSerializer):
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


class MarkInputSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    application = serializers.IntegerField()
    clause_key = serializers.CharField(max_length=32)
    method = serializers.ChoiceField(choices=MarkMethod.choices)
    points = serializers.DecimalField(max_digits=5, decimal_places=2)


class MarkViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Marks; POST saves one (idempotent per round, application, assessor, clause, method)."""

    queryset = Mark.objects.none()  # for the schema; get_queryset scopes it
    serializer_class = MarkSerializer
    permission_classes = [permissions.IsAuthenticated, OfficeOrAssessor]

    def get_queryset(self) -> QuerySet[Mark]:
        qs = Mark.objects.order_by("round_id", "application_id", "clause_key", "method", "id")
        return _scoped(
            qs,
            self.request.user,
            "round__",
            _assigned(self.request.user, "round_id", "application_id"),
        )

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
            acting_user=request.user,
            assignment=assignment,
            clause_key=values["clause_key"],
            method=values["method"],
            points=values["points"],
        )
        return Response(MarkSerializer(saved.mark).data, status=201 if saved.changed else 200)


def register(router: BaseRouter) -> None:
    """Add the assessment endpoints to the API router."""
    router.register("assessment/groups", GroupViewSet, basename="assessment-group")
    router.register("assessment/assignments", AssignmentViewSet, basename="assessment-assignment")
    router.register("assessment/samples", SampleViewSet, basename="assessment-sample")
    router.register("assessment/visits", VisitViewSet, basename="assessment-visit")
    router.register("assessment/marks", MarkViewSet, basename="assessment-mark")
    from .api_ranking import register as register_ranking

    register_ranking(router)
