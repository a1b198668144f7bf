"""``manage.py load_demo``: build the demo city, or say it is there; print the demo logins.

The demo's logins share one public password (the README prints it), so with DEBUG off the
command refuses unless told ``--allow-production`` (a training server, say)."""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from wenming.demo.builder import DEMO_PASSWORD, build_demo, demo_logins, load_data
from wenming.demo.creation import creation_logins
from wenming.registry.models import KIND_LABELS, STATUS_LABELS


class Command(BaseCommand):
    help = "Load the demo province, city, organizations, title histories and logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo, with its public password, even though DEBUG is off.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                _(
                    "DEBUG 未开启：演示数据的账号共用公开的密码 %(password)s，不能在生产环境载入。"
                    "如确需载入（例如培训用的服务器），请加上 --allow-production。"
                )
                % {"password": DEMO_PASSWORD}
                + "\nDEBUG is off: the demo logins share a public password. "
                "Run with --allow-production to load it anyway."
            )
        data = load_data()
        started = time.perf_counter()
        result = build_demo(data)
        elapsed = time.perf_counter() - started
        if not result.created:
            self.stdout.write(
                _("演示数据已存在（%(city)s），未做任何改动。") % {"city": result.city}
            )
        else:
            c = result.counts
            self.stdout.write(
                self.style.SUCCESS(
                    _("已载入演示数据（%(city)s），用时 %(s).1f 秒：")
                    % {"city": result.city, "s": elapsed}
                )
            )
            self.stdout.write(
                _("  地区 %(regions)d 个（其中县市区 %(counties)d 个）")
                % {"regions": c["regions"], "counties": c["counties"]}
            )
            self.stdout.write(
                _("  部门 %(bodies)d 个（主管部门 %(sup)d 个，文明委成员单位 %(scr)d 个）")
                % {
                    "bodies": c["bodies"],
                    "sup": c["supervising_bodies"],
                    "scr": c["screening_bodies"],
                }
            )
            kinds = _("，").join(
                f"{KIND_LABELS[k]} {n}"
                for k, n in zip(KIND_LABELS, result.organizations_by_kind.values(), strict=True)
            )
            self.stdout.write(
                _("  组织 %(n)d 个（%(kinds)s）") % {"n": c["organizations"], "kinds": kinds}
            )
            statuses = _("，").join(
                f"{STATUS_LABELS[s]} {n}"
                for s, n in zip(STATUS_LABELS, result.titles_by_status.values(), strict=True)
            )
            self.stdout.write(
                _("  称号 %(n)d 项（%(statuses)s），其他荣誉 %(h)d 项")
                % {"n": c["titles"], "statuses": statuses, "h": c["honors"]}
            )
            self.stdout.write(
                _("  用户 %(u)d 个，审计事件 %(e)d 条") % {"u": c["users"], "e": c["audit_events"]}
            )
            if result.skipped_users:
                self.stdout.write(
                    self.style.WARNING(
                        _("以下用户名已存在，未创建也未修改密码：%(names)s")
                        % {"names": _("、").join(result.skipped_users)}
                    )
                )
        self.write_logins(data)

    def write_logins(self, data: dict[str, Any]) -> None:
        logins = demo_logins(data)
        self.stdout.write("")
        self.stdout.write(_("演示账号（密码均为 %(password)s）：") % {"password": DEMO_PASSWORD})
        rows = [(_("用户名"), _("姓名"), _("角色"), _("范围"))]
        rows += [(x.username, x.display_name, x.role, x.scope or "—") for x in logins]
        # Creation work's department logins hold no role: their department is their scope.
        rows += [(x.username, x.display_name, x.role, x.scope) for x in creation_logins(data)]
        widths = [max(_width(r[i]) for r in rows) for i in range(4)]
        for row in rows:
            cells = [cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)]
            self.stdout.write("  " + "  ".join(cells).rstrip())


def _width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in str(text))
