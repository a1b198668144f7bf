"""Send today's supervision reminders (in-app and by mail); safe to run more than once a day."""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from wenming.supervision.services.items import reminders_send


class Command(BaseCommand):
    help = "Remind the responsible units of open supervision items; escalate persistent ones."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=date.fromisoformat, help="as of this day (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            report = reminders_send(today=options["date"])
        self.stdout.write(
            f"notices={report.notices} mails={report.mails} escalated={len(report.escalated)}"
        )
