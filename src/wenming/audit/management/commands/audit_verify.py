"""``manage.py audit_verify``: exit 0 when the audit trail holds, 1 naming each problem.

The keyed chain is recomputed and every signed checkpoint is checked
(:func:`wenming.audit.verification.verify_chain`)."""

import sys
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from wenming.audit.verification import verify_chain


class Command(BaseCommand):
    help = "Verify the keyed hash chain of the audit trail against the signed checkpoints."

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if result.ok:
            self.stdout.write(_("审计链完整：共校验 %(n)d 条事件。") % {"n": result.count})
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
