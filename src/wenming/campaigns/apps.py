from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "wenming.campaigns"
    verbose_name = _("推荐考核")

    def ready(self) -> None:
        # The registrations import models: they may run only once the app registry is ready.
        from .stage_facts import register  # noqa: PLC0415  (models load after ready)
        from .todo import register as register_todo  # noqa: PLC0415  (models load after ready)

        register()
        register_todo()
