"""Run the notification centre's periodic work: tell the audit trail's new events, scan
for what falls due today, send what is due (retries, and sends the queue missed), and
mail the daily digests (after ``--digest-hour``, once a day).

Run it every few minutes (a cron line or a systemd timer); every part is idempotent.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from wenming.notifications import dispatch, scan, sending, services


class Command(BaseCommand):
    help = "Dispatch notifications, scan deadlines, send due deliveries and daily digests."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--digest-hour", type=int, default=17, help="local hour from which digests go out"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        today = timezone.localdate(now)
        told = dispatch.dispatch(now)
        due = len(services.notifications_create(messages=scan.due_messages(today)))
        sent = sending.send_due(now)
        digests = 0
        if timezone.localtime(now).hour >= options["digest_hour"]:
            digests = sending.digest_send(today)
        self.stdout.write(
            f"events told: {told}, due today: {due}, deliveries attempted: {sent}, "
            f"digests mailed: {digests}"
        )
