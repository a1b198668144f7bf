"""The cities app (文明城市): the composite ranking of counties."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitiesConfig(AppConfig):
    name = "wenming.cities"
    verbose_name = _("文明城市")
