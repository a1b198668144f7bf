"""The core app: on start, it registers the office's 待办 provider and, in a task worker's
process, starts the sweep that queues again the jobs of dead workers. Beside it, the admin
app's configuration that installs the project's audited admin site."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "wenming.core"
    verbose_name = _("核心")
    default = True  # this module holds two configurations; this one is the core app's

    def ready(self) -> None:
        # Imported once the app registry is ready: both import models.
        from wenming.accounts.todo import register_todo  # noqa: PLC0415  (models not loaded before ready)

        from .todo_office import office_todo  # noqa: PLC0415  (models not loaded before ready)

        register_todo(office_todo)
        from .context_processors import register_facts  # noqa: PLC0415  (models not loaded before ready)

        register_facts()
        from . import checks  # noqa: F401, PLC0415  (registers the deployment checks)
        from .recovery import start_sweeper  # noqa: PLC0415  (models not loaded before ready)

        start_sweeper()


# The admin module is imported, not its AdminConfig: a configuration named in this module
# would count as a second default for the core app.
class WenmingAdminConfig(admin_apps.AdminConfig):
    """``django.contrib.admin`` with the audited site as its default (INSTALLED_APPS)."""

    default = False
    default_site = "wenming.core.admin_site.WenmingAdminSite"
