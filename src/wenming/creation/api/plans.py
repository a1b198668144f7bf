"""Read endpoints of a plan's set-up: plans (with the leading group and phases; their
assignments as an action), the organization's staff and departments, and the office's
task lists with their rows."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from wenming.accounts.permissions import signed_in_user

from ..models import Assignment, Department, Plan, StaffMember, TaskList
from ..scopes import plan_departments, plans_for, task_lists_for
from ..serializers import (
    CreationAssignmentSerializer,
    CreationDepartmentSerializer,
    CreationPlanSerializer,
    CreationStaffSerializer,
    CreationTaskListSerializer,
)
from .visible import departments_visible, staff_organizations, staff_visible


class PlanViewSet(viewsets.ReadOnlyModelViewSet[Plan]):
    """Creation plans the caller may open."""

    serializer_class = CreationPlanSerializer

    def get_queryset(self) -> QuerySet[Plan]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn with nobody signed in
            return Plan.objects.none()
        return (
            plans_for(signed_in_user(self.request))
            .select_related("organization", "award")
            .prefetch_related("group_members__staff", "phases")
            .order_by("id")
        )

    @extend_schema(responses=CreationAssignmentSerializer(many=True))
    @action(detail=True)
    def assignments(self, request: Request, pk: str | None = None) -> Response:
        """The plan's 责任分工: every department's for the office, one's own for a department."""
        plan = self.get_object()
        rows = (
            Assignment.objects.filter(
                plan=plan, department__in=plan_departments(signed_in_user(request), plan)
            )
            .select_related("department")
            .order_by("clause_key", "order")
        )
        return Response(CreationAssignmentSerializer(rows, many=True).data)


class StaffViewSet(viewsets.ReadOnlyModelViewSet[StaffMember]):
    """The staff (人员) of the organizations whose plans the caller may open."""

    serializer_class = CreationStaffSerializer

    def get_queryset(self) -> QuerySet[StaffMember]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn with nobody signed in
            return StaffMember.objects.none()
        return staff_visible(signed_in_user(self.request)).order_by("organization", "name", "id")

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        if not getattr(self, "swagger_fake_view", False):
            # Phones, e-mails and logins only for the organization's office, as on the page.
            context["full_organizations"] = staff_organizations(signed_in_user(self.request))[0]
        return context


class DepartmentViewSet(viewsets.ReadOnlyModelViewSet[Department]):
    """Departments: all of a plan's organization for its office, one's own otherwise."""

    serializer_class = CreationDepartmentSerializer

    def get_queryset(self) -> QuerySet[Department]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn with nobody signed in
            return Department.objects.none()
        return (
            departments_visible(signed_in_user(self.request))
            .select_related("head", "leader")
            .order_by("organization", "order", "id")
        )


class TaskListViewSet(viewsets.ReadOnlyModelViewSet[TaskList]):
    """The offices' task lists (网上申报任务分工) with their rows."""

    serializer_class = CreationTaskListSerializer

    def get_queryset(self) -> QuerySet[TaskList]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn with nobody signed in
            return TaskList.objects.none()
        return (
            task_lists_for(signed_in_user(self.request))
            .select_related("office")
            .prefetch_related("items")
            .order_by("-year", "id")
        )
