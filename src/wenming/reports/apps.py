"""The 随手拍 app: citizens' reports, the 12345 hotline import and the inspection points."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "wenming.reports"
    verbose_name = _("随手拍")
