"""``manage.py load_frameworks``: the built-in frameworks, in use; loading twice adds nothing."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from wenming.frameworks.exchange import builtin_documents
from wenming.frameworks.models import FrameworkStatus
from wenming.frameworks.services import framework_import, framework_publish


class Command(BaseCommand):
    help = "Load the built-in frameworks from frameworks/data (a changed file adds a version)."

    def handle(self, *args: Any, **options: Any) -> None:
        for filename, document in builtin_documents():
            framework, created = framework_import(acting_user=None, document=document)
            if framework.status == FrameworkStatus.DRAFT:
                framework = framework_publish(acting_user=None, framework=framework)
            message = _("已载入") if created else _("无变化")
            self.stdout.write(
                f"{message}: {framework.code} v{framework.version} ({filename}) {framework.name}"
            )
