"""``manage.py audit_checkpoint``: sign the audit chain's head and count, and keep them
outside the database (``AUDIT_CHECKPOINT_DIR``). Run it on a schedule (README)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from wenming.audit.checkpoints import checkpoint_write
from wenming.audit.verification import when


class Command(BaseCommand):
    help = "Write a signed checkpoint of the audit chain (head id, head hash, count, time)."

    def handle(self, *args: Any, **options: Any) -> None:
        checkpoint, where = checkpoint_write()
        self.stdout.write(
            _("已写入检查点：%(at)s，共 %(n)d 条事件，最新事件 #%(id)d，写入 %(where)s。")
            % {
                "at": when(checkpoint.at),
                "n": checkpoint.count,
                "id": checkpoint.head_id,
                "where": where,
            }
        )
