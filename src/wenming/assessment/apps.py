from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "wenming.assessment"
    verbose_name = _("测评")

    def ready(self) -> None:
        from .stage_gate import register
        from .todo import register as register_todo

        register()
        register_todo()
