"""The publicity app (公示): registers its stage gate and its 待办 once apps are ready."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "wenming.publicity"
    verbose_name = _("公示")

    def ready(self) -> None:
        from . import stage, todo  # noqa: PLC0415  (they import models: only once apps are ready)

        stage.register()
        todo.register()
