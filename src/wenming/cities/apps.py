"""The cities app (文明城市): the composite ranking of counties; registers its part of the
assessment stage's gate once apps are ready."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitiesConfig(AppConfig):
    name = "wenming.cities"
    verbose_name = _("文明城市")

    def ready(self) -> None:
        from .stage_gate import register  # noqa: PLC0415  (imports models: apps must be ready)

        register()
