"""``manage.py jobs_recover``: queue again the jobs whose worker died or whose task the
queue lost (see ``wenming.core.recovery``), for a timer beside workers that rarely
restart."""

from typing import Any

from django.core.management.base import BaseCommand

from wenming.core.recovery import jobs_recover


class Command(BaseCommand):
    help = "Queue again the export and ranking jobs whose worker is gone or task was lost."

    def handle(self, *args: Any, **options: Any) -> None:
        queued = jobs_recover()
        self.stdout.write(f"{queued} job(s) queued again")
