"""The committee's and office's work rules (文明委工作制度): registers its 待办 once apps are
ready."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkrulesConfig(AppConfig):
    name = "wenming.workrules"
    verbose_name = _("文明委工作制度")

    def ready(self) -> None:
        from . import todo  # noqa: PLC0415  (it imports models: only once apps are ready)

        todo.register()
