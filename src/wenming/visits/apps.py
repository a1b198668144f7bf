"""The visits app: one home for inspection groups, their members and their visits."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "wenming.visits"
    verbose_name = _("考核组与实地考核")
