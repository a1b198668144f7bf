"""Erase objectors' contacts once their publicity has been closed for the retention period.

A dry run by default: it says what it would erase. ``--yes`` erases, and each publicity
purged writes one audit event with its count. Audit events themselves are never purged.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from wenming.publicity.services import personal_data_purge


class Command(BaseCommand):
    help = (
        "Erase objectors' names, contacts and addresses of publicities closed more than "
        "PERSONAL_DATA_RETENTION_DAYS ago (dry run unless --yes). Audit events are kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="retention period in days (default: PERSONAL_DATA_RETENTION_DAYS)",
        )
        parser.add_argument("--yes", action="store_true", help="erase (without it: a dry run)")

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days is None:
            days = settings.PERSONAL_DATA_RETENTION_DAYS
        with translation.override(settings.LANGUAGE_CODE):
            try:
                report = personal_data_purge(retention_days=days, dry_run=not options["yes"])
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            if options["yes"]:
                line = _("已清除%(p)s次公示的%(o)s条异议的联系人信息（保存期限%(d)s天）。")
            else:
                line = _(
                    "试运行：将清除%(p)s次公示的%(o)s条异议的联系人信息（保存期限%(d)s天）；"
                    "加 --yes 执行。"
                )
            self.stdout.write(line % {"p": report.publicities, "o": report.objections, "d": days})
