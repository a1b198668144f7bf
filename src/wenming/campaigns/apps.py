from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "wenming.campaigns"
    verbose_name = _("推荐考核")

    def ready(self) -> None:
        from .stage_facts import register
        from .todo import register as register_todo

        register()
        register_todo()
