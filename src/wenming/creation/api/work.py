"""Endpoints of the plan's work: tasks with their occurrences (create through
``task_create``), occurrences with the material's moves (submit, the leader's sign-off
or decline, the office's acceptance, return or transfer) and material (upload through
``material_add``, download checked by the same scope as the metadata)."""

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from wenming.accounts.permissions import signed_in_user
from wenming.api_support import call_service, query_id
from wenming.documents.downloads import verified_download

from ..models import Department, Material, Occurrence, Plan, Task
from ..scopes import occurrences_for, plans_for
from ..serializers import (
    CreationAcceptSerializer,
    CreationCommentSerializer,
    CreationMaterialSerializer,
    CreationMaterialUploadSerializer,
    CreationOccurrenceSerializer,
    CreationTaskCreateSerializer,
    CreationTaskSerializer,
)
from ..services import material as material_services
from ..services import tasks as task_services
from .visible import departments_visible, materials_visible, tasks_visible


def _found[M: Any](queryset: QuerySet[M], pk: int, what: str) -> M:
    """The row the caller may see, or a 404 (the same answer as for no such row)."""
    row = queryset.filter(pk=pk).first()
    if row is None:
        raise NotFound(_("没有找到该%(what)s。") % {"what": what})
    return row


@extend_schema(parameters=[OpenApiParameter("plan", int, description="Only this plan's tasks.")])
class TaskViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Task]):
    """Tasks (创建任务) with their occurrences."""

    serializer_class = CreationTaskSerializer

    def get_queryset(self) -> QuerySet[Task]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn with nobody signed in
            return Task.objects.none()
        tasks = tasks_visible(signed_in_user(self.request))
        plan = query_id(self.request, "plan")
        if plan is not None:
            tasks = tasks.filter(plan_id=plan)
        return (
            tasks.select_related("department")
            .prefetch_related("occurrences")
            .order_by("plan", "clause_key", "id")
        )

    @extend_schema(request=CreationTaskCreateSerializer, responses={201: CreationTaskSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = signed_in_user(request)
        given = CreationTaskCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        plan: Plan = _found(plans_for(user), data.pop("plan"), _("创建实施方案"))
        department_pk = data.pop("department", None)
        department: Department | None = (
            None
            if department_pk is None
            else _found(departments_visible(user), department_pk, _("部门"))
        )
        task = call_service(
            task_services.task_create, acting_user=user, plan=plan, department=department, **data
        )
        return Response(self.get_serializer(task).data, status=status.HTTP_201_CREATED)


@extend_schema(parameters=[OpenApiParameter("task", int, description="Only this task's.")])
class OccurrenceViewSet(viewsets.ReadOnlyModelViewSet[Occurrence]):
    """Occurrences (任务期次) and the moves of their material."""

    serializer_class = CreationOccurrenceSerializer

    def get_queryset(self) -> QuerySet[Occurrence]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn with nobody signed in
            return Occurrence.objects.none()
        occurrences = occurrences_for(signed_in_user(self.request))
        task = query_id(self.request, "task")
        if task is not None:
            occurrences = occurrences.filter(task_id=task)
        return occurrences.order_by("due_on", "id")

    def _comment(self, request: Request) -> str:
        given = CreationCommentSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        return str(given.validated_data["comment"])

    def _answer(self, occurrence: Occurrence) -> Response:
        return Response(CreationOccurrenceSerializer(occurrence).data)

    @extend_schema(request=None, responses=CreationOccurrenceSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """The department submits the material (提交) for its leader's sign-off."""
        occurrence = call_service(
            material_services.occurrence_submit,
            acting_user=signed_in_user(request),
            occurrence=self.get_object(),
        )
        return self._answer(occurrence)

    @extend_schema(request=CreationCommentSerializer, responses=CreationOccurrenceSerializer)
    @action(detail=True, methods=["post"], url_path="sign-off")
    def sign_off(self, request: Request, pk: str | None = None) -> Response:
        """The department's leader signs the material off (签批)."""
        occurrence = call_service(
            material_services.occurrence_sign_off,
            acting_user=signed_in_user(request),
            occurrence=self.get_object(),
            comment=self._comment(request),
        )
        return self._answer(occurrence)

    @extend_schema(request=CreationCommentSerializer, responses=CreationOccurrenceSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        """The leader sends the material back to the department (退回部门); the reason
        (``comment``) is required."""
        occurrence = call_service(
            material_services.occurrence_decline,
            acting_user=signed_in_user(request),
            occurrence=self.get_object(),
            comment=self._comment(request),
        )
        return self._answer(occurrence)

    def _transferred(self, occurrence: Occurrence, copied: int, reason: str) -> Response:
        occurrence.refresh_from_db()
        body = {"occurrence": occurrence, "copied": copied, "reason": reason}
        return Response(CreationAcceptSerializer(body).data)

    @extend_schema(request=None, responses=CreationAcceptSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        """The office accepts (验收通过) and copies the material to the application."""
        occurrence = self.get_object()
        transfer = call_service(
            material_services.occurrence_accept,
            acting_user=signed_in_user(request),
            occurrence=occurrence,
        )
        return self._transferred(occurrence, transfer.copied, transfer.reason)

    @extend_schema(request=None, responses=CreationAcceptSerializer)
    @action(detail=True, methods=["post"])
    def transfer(self, request: Request, pk: str | None = None) -> Response:
        """The office copies accepted material not yet on the application (重新转入申报表)."""
        occurrence = self.get_object()
        transfer = call_service(
            material_services.occurrence_transfer,
            acting_user=signed_in_user(request),
            occurrence=occurrence,
        )
        return self._transferred(occurrence, transfer.copied, transfer.reason)

    @extend_schema(request=CreationCommentSerializer, responses=CreationOccurrenceSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_material(self, request: Request, pk: str | None = None) -> Response:
        """The office returns the material (退回) with its reason."""
        occurrence = call_service(
            material_services.occurrence_return,
            acting_user=signed_in_user(request),
            occurrence=self.get_object(),
            comment=self._comment(request),
        )
        return self._answer(occurrence)


@extend_schema(parameters=[OpenApiParameter("occurrence", int, description="Only its material.")])
class MaterialViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Material]):
    """Material (任务材料): metadata, upload, and the file by its download action."""

    serializer_class = CreationMaterialSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[Material]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn with nobody signed in
            return Material.objects.none()
        materials = materials_visible(signed_in_user(self.request))
        occurrence = query_id(self.request, "occurrence")
        if occurrence is not None:
            materials = materials.filter(occurrence_id=occurrence)
        return materials.order_by("occurrence", "uploaded_at", "id")

    @extend_schema(
        request=CreationMaterialUploadSerializer, responses={201: CreationMaterialSerializer}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = signed_in_user(request)
        given = CreationMaterialUploadSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        occurrence = _found(occurrences_for(user), data.pop("occurrence"), _("任务期次"))
        material = call_service(
            material_services.material_add,
            acting_user=user,
            occurrence=occurrence,
            kind=data["kind"],
            upload=data["file"],
            activity=data.get("activity", ""),
            captions=data.get("captions") or None,
            volunteer=bool(data.get("volunteer", False)),
        )
        return Response(CreationMaterialSerializer(material).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True)
    def download(self, request: Request, pk: str | None = None) -> HttpResponse | FileResponse:
        """The file as uploaded, for whoever sees its occurrence."""
        material = self.get_object()
        return verified_download(
            material.file,
            material.sha256,
            filename=material.original_name,
            content_type=material.content_type,
            tampered=_("文件已被改动，无法下载。"),
        )
