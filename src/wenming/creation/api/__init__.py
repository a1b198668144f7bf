"""REST API of creation work under /api/creation/, scoped as the pages are
(``wenming.creation.scopes``); writes go through the same services as the pages."""

from rest_framework.routers import BaseRouter

from .plans import DepartmentViewSet, PlanViewSet, StaffViewSet, TaskListViewSet
from .work import MaterialViewSet, OccurrenceViewSet, TaskViewSet


def register(router: BaseRouter) -> None:
    """Register every part's endpoints (each under ``creation/``)."""
    router.register("creation/plans", PlanViewSet, basename="creation-plan")
    router.register("creation/staff", StaffViewSet, basename="creation-staff")
    router.register("creation/departments", DepartmentViewSet, basename="creation-department")
    router.register("creation/tasks", TaskViewSet, basename="creation-task")
    router.register("creation/occurrences", OccurrenceViewSet, basename="creation-occurrence")
    router.register("creation/materials", MaterialViewSet, basename="creation-material")
    router.register("creation/task-lists", TaskListViewSet, basename="creation-task-list")
