"""The committee app (审定命名): registers its stage gates and its 待办 once apps are ready."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteeConfig(AppConfig):
    name = "wenming.committee"
    verbose_name = _("审定命名")

    def ready(self) -> None:
        from . import stage, todo  # noqa: PLC0415  (they import models: only once apps are ready)

        stage.register()
        todo.register()
