from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "wenming.screening"
    verbose_name = _("征求意见")

    def ready(self) -> None:
        from . import stage, todo

        stage.register()
        todo.register()
