from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from . import sessions


class AccountsConfig(AppConfig):
    name = "wenming.accounts"
    verbose_name = _("用户与角色")

    def ready(self) -> None:
        sessions.register()
