"""The core app: on start, it registers the office's 待办 provider."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "wenming.core"
    verbose_name = _("核心")

    def ready(self) -> None:
        # Imported once the app registry is ready: both import models.
        from wenming.accounts.todo import register_todo  # noqa: PLC0415  (models not loaded before ready)

        from .todo_office import office_todo  # noqa: PLC0415  (models not loaded before ready)

        register_todo(office_todo)
        from . import checks  # noqa: F401, PLC0415  (registers the deployment checks)
