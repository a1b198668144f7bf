from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteeConfig(AppConfig):
    name = "wenming.committee"
    verbose_name = _("审定命名")

    def ready(self) -> None:
        from . import stage, todo

        stage.register()
        todo.register()
