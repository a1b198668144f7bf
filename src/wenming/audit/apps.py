"""The audit app: on start, every app's ``audit_labels`` module registers its action labels,
the audit key's deploy check is registered, and logins are recorded."""

from django.apps import AppConfig
from django.core import checks
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from .keys import check_audit_key


class AuditConfig(AppConfig):
    name = "wenming.audit"
    verbose_name = _("审计")

    def ready(self) -> None:
        # Each app says how its own actions read (wenming.audit.labels.register_actions).
        autodiscover_modules("audit_labels")
        checks.register(check_audit_key, checks.Tags.security, deploy=True)
        from .logins import connect  # noqa: PLC0415  (imports models, not loaded before ready)

        connect()
