"""The assessment app (测评): registers its stage gate and its 待办 once apps are ready."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "wenming.assessment"
    verbose_name = _("测评")

    def ready(self) -> None:
        from .stage_gate import register  # noqa: PLC0415  (imports models: apps must be ready)
        from .todo import register as register_todo  # noqa: PLC0415  (same)

        register()
        register_todo()
