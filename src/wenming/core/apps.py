from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "wenming.core"
    verbose_name = _("核心")

    def ready(self) -> None:
        from wenming.accounts.todo import register_todo

        from .todo_office import office_todo

        register_todo(office_todo)
