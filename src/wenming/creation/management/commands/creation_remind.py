"""Send today's creation reminders (in-app and by mail); safe to run more than once a day."""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone, translation

from wenming.creation.reminders import reminders_send


class Command(BaseCommand):
    help = "Remind departments of creation tasks in the last week before their due date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=date.fromisoformat, help="as of this day (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            count = reminders_send(options["date"] or timezone.localdate())
        self.stdout.write(f"reminders={count}")
