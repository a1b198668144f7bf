from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from . import sessions


class AccountsConfig(AppConfig):
    name = "wenming.accounts"
    verbose_name = _("用户与角色")

    def ready(self) -> None:
        sessions.register()
        # Imported once the app registry is ready: it reads the device models.
        from .twofactor import has_confirmed_device  # noqa: PLC0415

        sessions.register_fact("confirmed_device", has_confirmed_device)
