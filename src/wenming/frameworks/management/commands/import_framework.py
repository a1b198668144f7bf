"""``manage.py import_framework FILE``: a YAML, JSON or Excel framework; exit 1 when invalid."""

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.frameworks.exchange import format_of, parse
from wenming.frameworks.services import framework_import


class Command(BaseCommand):
    help = "Import a framework from a .yaml, .json or .xlsx file (a draft, or no change)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--as", dest="username", default=None, help="the account acting (default: system)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = None
        if options["username"]:
            user = User.objects.filter(username=options["username"], is_active=True).first()
            if user is None:
                raise CommandError(_("找不到用户：%(u)s") % {"u": options["username"]})
        path = Path(options["file"])
        try:
            document = parse(path.read_bytes(), format_of(path.name))
            framework, created = framework_import(acting_user=user, document=document)
        except FileNotFoundError as error:
            raise CommandError(_("文件不存在：%(f)s") % {"f": path}) from error
        except (ValidationError, PermissionDenied) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            for message in messages:
                self.stderr.write(message)
            sys.exit(1)
        template = (
            _("已导入：%(code)s 第 %(v)s 版（%(status)s）")
            if created
            else _("内容与 %(code)s 第 %(v)s 版相同，未做改动。")
        )
        self.stdout.write(
            template
            % {
                "code": framework.code,
                "v": framework.version,
                "status": framework.get_status_display(),
            }
        )
