"""The appeals app (申诉): registers its part of the screening gate and its 待办 once apps
are ready."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "wenming.appeals"
    verbose_name = _("申诉")

    def ready(self) -> None:
        from . import stage, todo  # noqa: PLC0415  (they import models: only once apps are ready)

        stage.register()
        todo.register()
