"""The screening app (征求意见): registers its stage gate and its 待办 once apps are ready."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "wenming.screening"
    verbose_name = _("征求意见")

    def ready(self) -> None:
        from . import stage, todo  # noqa: PLC0415  (they import models: only once apps are ready)

        stage.register()
        todo.register()
