"""The families app (文明家庭): the central review of family applications."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FamiliesConfig(AppConfig):
    name = "wenming.families"
    verbose_name = _("文明家庭")

    def ready(self) -> None:
        from .stage import register  # noqa: PLC0415  (imports models: apps must be ready)

        register()
