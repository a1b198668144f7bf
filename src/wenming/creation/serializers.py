"""The REST API's shapes of creation work: plans with their leading group and phases,
staff, departments, assignments, tasks with their occurrences, material (metadata only;
the file comes through its download action) and the office's task lists with their rows.

Writes have their own small input shapes; the services check them and the permission.
"""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wenming.registry.models import KIND_CHOICES

from .models import (
    Assignment,
    Department,
    GroupMember,
    Material,
    MaterialKind,
    Occurrence,
    Phase,
    Plan,
    StaffMember,
    Task,
    TaskList,
    TaskListItem,
)


@extend_schema_field(
    {"type": "string", "description": "One of: " + ", ".join(MaterialKind.values) + "."}
)
class MaterialKindField(serializers.ChoiceField):
    """The material's kind, described in words in the schema: an enum would clash with
    other apps' "kind" enums."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=MaterialKind.choices, **kwargs)


@extend_schema_field(
    {"type": "string", "description": "One of: " + ", ".join(c for c, _l in KIND_CHOICES) + "."}
)
class OrganizationKindField(serializers.CharField):
    """The task list's kind of organization, drawn inline like ``MaterialKindField``."""


class CreationStaffSerializer(serializers.ModelSerializer[StaffMember]):
    """A staff member; phone, e-mail and login only for the organizations in the context's
    ``full_organizations`` (those the caller runs), as the 人员与部门 page shows them."""

    has_login = serializers.SerializerMethodField()

    class Meta:
        model = StaffMember
        fields = ["id", "organization", "name", "position", "phone", "email", "has_login"]

    def get_has_login(self, staff: StaffMember) -> bool | None:
        return staff.user_id is not None if self._full(staff) else None

    def _full(self, staff: StaffMember) -> bool:
        return staff.organization_id in self.context.get("full_organizations", ())

    def to_representation(self, instance: StaffMember) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        if not self._full(instance):
            data["phone"] = data["email"] = ""
        return data


class CreationDepartmentSerializer(serializers.ModelSerializer[Department]):
    head = serializers.CharField(source="head.name", default="", read_only=True)
    leader = serializers.CharField(source="leader.name", default="", read_only=True)

    class Meta:
        model = Department
        fields = ["id", "organization", "name", "head", "leader", "order"]


class CreationGroupMemberSerializer(serializers.ModelSerializer[GroupMember]):
    name = serializers.CharField(source="staff.name", read_only=True)
    position_label = serializers.CharField(source="get_position_display", read_only=True)

    class Meta:
        model = GroupMember
        fields = ["id", "body", "position", "position_label", "staff", "name", "order"]


class CreationPhaseSerializer(serializers.ModelSerializer[Phase]):
    class Meta:
        model = Phase
        fields = ["id", "name", "starts_on", "ends_on", "description", "order"]


class CreationPlanSerializer(serializers.ModelSerializer[Plan]):
    organization = serializers.CharField(source="organization.code", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    award: serializers.StringRelatedField[Any] = serializers.StringRelatedField()
    group_members = CreationGroupMemberSerializer(many=True, read_only=True)
    phases = CreationPhaseSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "title",
            "year",
            "status",
            "organization",
            "organization_name",
            "award",
            "group_members",
            "phases",
        ]


class CreationAssignmentSerializer(serializers.ModelSerializer[Assignment]):
    department_name = serializers.CharField(source="department.name", read_only=True)
    leads = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = ["id", "clause_key", "department", "department_name", "order", "leads"]

    def get_leads(self, assignment: Assignment) -> bool:
        return assignment.order == 0


class CreationOccurrenceSerializer(serializers.ModelSerializer[Occurrence]):
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Occurrence
        fields = [
            "id",
            "task",
            "label",
            "starts_on",
            "due_on",
            "status",
            "status_label",
            "submitted_at",
            "signed_off_at",
            "sign_off_comment",
            "decided_at",
            "return_comment",
        ]


class CreationTaskSerializer(serializers.ModelSerializer[Task]):
    department_name = serializers.CharField(source="department.name", default="", read_only=True)
    occurrences = CreationOccurrenceSerializer(many=True, read_only=True)

    class Meta:
        model = Task
        fields = [
            "id",
            "plan",
            "clause_key",
            "list_item",
            "title",
            "department",
            "department_name",
            "material_requirement",
            "due_text",
            "minimum_count",
            "occurrences",
        ]


class CreationTaskCreateSerializer(serializers.Serializer[dict[str, Any]]):
    """A new task; ``plan`` and ``department`` are resolved within the caller's scope."""

    plan = serializers.IntegerField(min_value=1)
    title = serializers.CharField(max_length=200)
    due_text = serializers.CharField(max_length=100)
    department = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    clause_key = serializers.CharField(max_length=32, required=False, allow_blank=True)
    material_requirement = serializers.CharField(required=False, allow_blank=True)


class CreationMaterialSerializer(serializers.ModelSerializer[Material]):
    kind = MaterialKindField(read_only=True)

    class Meta:
        model = Material
        fields = [
            "id",
            "occurrence",
            "kind",
            "activity",
            "original_name",
            "size",
            "content_type",
            "sha256",
            "captions",
            "findings",
            "blocking",
            "uploaded_at",
        ]


class CreationMaterialUploadSerializer(serializers.Serializer[dict[str, Any]]):
    """An upload: the file, its kind, the activity (photos) and the captions."""

    occurrence = serializers.IntegerField(min_value=1)
    kind = MaterialKindField()
    file = serializers.FileField()
    activity = serializers.CharField(max_length=200, required=False, allow_blank=True)
    captions = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)
    volunteer = serializers.BooleanField(required=False, default=False)


class CreationCommentSerializer(serializers.Serializer[dict[str, Any]]):
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class CreationAcceptSerializer(serializers.Serializer[dict[str, Any]]):
    """The accepted occurrence and what copying its material to the application did."""

    occurrence = CreationOccurrenceSerializer()
    copied = serializers.IntegerField()
    reason = serializers.CharField(allow_blank=True)


class CreationTaskListItemSerializer(serializers.ModelSerializer[TaskListItem]):
    class Meta:
        model = TaskListItem
        fields = [
            "id",
            "number",
            "indicator",
            "content",
            "standard",
            "online_requirement",
            "departments",
            "material_requirement",
            "due_text",
            "clause_key",
        ]


class CreationTaskListSerializer(serializers.ModelSerializer[TaskList]):
    office = serializers.CharField(source="office.code", read_only=True)
    kind = OrganizationKindField(read_only=True)
    items = CreationTaskListItemSerializer(many=True, read_only=True)

    class Meta:
        model = TaskList
        fields = [
            "id",
            "office",
            "name",
            "year",
            "kind",
            "unit_type",
            "status",
            "published_at",
            "items",
        ]
