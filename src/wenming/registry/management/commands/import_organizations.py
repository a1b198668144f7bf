"""``manage.py import_organizations FILE.xlsx``: all rows or none; exit 1 listing bad rows."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.registry.importing import organizations_import


class Command(BaseCommand):
    help = "Import organizations and their titles from a workbook made from the template."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .xlsx workbook")
        parser.add_argument(
            "--as",
            dest="username",
            default=None,
            help="the account the import is made as (default: the first administrator)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        users = User.objects.filter(is_active=True)
        user = (
            users.filter(username=username).first()
            if username
            else users.filter(is_superuser=True).order_by("id").first()
        )
        if user is None:
            raise CommandError(_("找不到导入账号；请用 --as 指定一个有权限的用户。"))

        def progress(phase: str, done: int, total: int) -> None:
            if total and options["verbosity"] > 1:
                self.stderr.write(f"{phase} {done}/{total}")

        try:
            with open(options["file"], "rb") as handle:
                result = organizations_import(acting_user=user, source=handle, progress=progress)
        except FileNotFoundError as error:
            raise CommandError(_("文件不存在：%(f)s") % {"f": options["file"]}) from error
        if result.ok:
            self.stdout.write(
                _("导入完成：新增 %(c)d 个组织，更新 %(u)d 个组织，保存 %(t)d 条称号。")
                % {"c": result.created, "u": result.updated, "t": result.titles}
            )
            return
        self.stderr.write(_("发现 %(n)d 处错误，没有保存任何数据：") % {"n": len(result.errors)})
        for e in result.errors:
            where = _("%(sheet)s 第 %(row)d 行 %(col)s 列（%(field)s）") % {
                "sheet": e.sheet,
                "row": e.row,
                "col": e.column or "-",
                "field": e.field or "-",
            }
            self.stderr.write(f"{where}: {e.message}")
        sys.exit(1)
