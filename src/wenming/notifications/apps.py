"""The notification centre (通知中心): registers its rules, history labels and the
request hook that dispatches the audit trail's new events soon after they commit."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "wenming.notifications"
    verbose_name = _("通知中心")

    def ready(self) -> None:
        # They import models: only once apps are ready.
        from . import audit_labels, dispatch, rules  # noqa: F401, PLC0415

        dispatch.connect_request_hook()
