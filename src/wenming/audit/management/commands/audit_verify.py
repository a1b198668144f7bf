"""``manage.py audit_verify``: exit 0 when the audit trail holds, 1 naming each problem.

What can be sealed is sealed first; then every sealed event's ``mac`` and link, every
signed checkpoint and every unsealed event are checked, and an event unsealed for longer
than ``--max-unsealed-age`` seconds fails (:func:`wenming.audit.verification.verify_chain`)."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from wenming.audit.verification import verify_chain


class Command(BaseCommand):
    help = "Verify the keyed hash chain of the audit trail against the signed checkpoints."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--max-unsealed-age",
            type=int,
            default=None,
            help="Fail when an event has waited longer than this many seconds to be sealed "
            "(default: AUDIT_UNSEALED_MAX_AGE, 600).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain(max_unsealed_age=options["max_unsealed_age"])
        if result.ok:
            self.stdout.write(_("审计链完整：共校验 %(n)d 条事件。") % {"n": result.count})
            if result.unsealed:
                self.stdout.write(
                    _(
                        "另有 %(n)d 条事件尚未封存：写入它们之前开始的事务还未结束，"
                        "结束后即接入审计链。"
                    )
                    % {"n": result.unsealed}
                )
            if result.checkpoints:
                self.stdout.write(_("与 %(n)d 个签名检查点一致。") % {"n": result.checkpoints})
            else:
                self.stdout.write(
                    _(
                        "没有找到检查点：无法发现最新事件被删除。"
                        "请定时运行 manage.py audit_checkpoint。"
                    )
                )
            return
        for problem in result.problems:
            self.stderr.write(problem)
        sys.exit(1)
