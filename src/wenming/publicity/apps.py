from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "wenming.publicity"
    verbose_name = _("公示")

    def ready(self) -> None:
        from . import stage, todo

        stage.register()
        todo.register()
