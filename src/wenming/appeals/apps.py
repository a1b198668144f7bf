"""The appeals app (申诉)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "wenming.appeals"
    verbose_name = _("申诉")
