"""``manage.py audit_checkpoint``: sign the audit chain's head and count, and keep them
outside the database (``AUDIT_CHECKPOINT_DIR``). Run it on a schedule (README)."""

import sys
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from wenming.audit.checkpoints import SEAL_WAIT, CheckpointNotSealed, checkpoint_write
from wenming.audit.models import AuditEvent, unkeyed_chain_hash
from wenming.audit.sealing import GENESIS
from wenming.audit.verification import when


class Command(BaseCommand):
    help = "Write a signed checkpoint of the audit chain (head id, head hash, count, time)."

    def handle(self, *args: Any, **options: Any) -> None:
        first = AuditEvent.objects.filter(hash__isnull=False).order_by("xact", "id").first()
        if first is not None and first.hash == unkeyed_chain_hash(GENESIS, first.payload()):
            # A checkpoint signs the chain as keyed: over an old chain it would make
            # audit_rekey refuse it as a downgrade.
            self.stderr.write(
                _("审计链仍是未加密钥的旧格式：请先运行 manage.py audit_rekey，再写入检查点。")
            )
            sys.exit(1)
        try:
            checkpoint, where = checkpoint_write()
        except CheckpointNotSealed as error:
            self.stderr.write(
                _(
                    "检查点事件 #%(id)d 在 %(s)d 秒内未能封存：仍有较早的数据库事务未结束，"
                    "未签署检查点。请稍后重新运行 manage.py audit_checkpoint。"
                )
                % {"id": error.args[0], "s": SEAL_WAIT}
            )
            sys.exit(1)
        self.stdout.write(
            _("已写入检查点：%(at)s，共 %(n)d 条事件，最新事件 #%(id)d，写入 %(where)s。")
            % {
                "at": when(checkpoint.at),
                "n": checkpoint.count,
                "id": checkpoint.head_id,
                "where": where,
            }
        )
