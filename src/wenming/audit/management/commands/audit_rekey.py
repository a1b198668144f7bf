"""``manage.py audit_rekey``: once, after setting AUDIT_HMAC_KEY on a database written
before the chain was keyed; re-chains the events under the key (:mod:`wenming.audit.rekey`).
Stop the application first."""

import sys
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from wenming.audit.rekey import chain_rekey
from wenming.audit.verification import when


class Command(BaseCommand):
    help = "Re-chain an audit trail hashed with plain SHA-256 under AUDIT_HMAC_KEY (once)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = chain_rekey()
        if result.broken_at is not None:
            self.stderr.write(
                _("旧审计链在事件 #%(id)d 处断开，未做任何改动：断开的链不能用密钥重新签署。")
                % {"id": result.broken_at}
            )
            sys.exit(1)
        if result.downgrade is not None:
            self.stderr.write(
                _(
                    "审计链被降级改写，未做任何改动：检查点 %(at)s（事件 #%(id)d）签署时审计链"
                    "已使用密钥，现在事件 #%(first)d 起却是未加密钥的 SHA-256。"
                    "这不是旧数据库，不能用密钥重新签署；请从备份恢复审计表并运行 "
                    "manage.py audit_verify。"
                )
                % {
                    "at": when(result.downgrade.at),
                    "id": result.downgrade.head_id,
                    "first": result.first_unkeyed,
                }
            )
            sys.exit(1)
        if not result.count:
            self.stdout.write(_("审计链已使用密钥，无需重写。"))
            return
        self.stdout.write(
            _(
                "已用密钥重写 %(n)d 条审计事件并写入检查点。"
                "旧链的最新哈希：%(head)s（请与此前的记录核对）。"
            )
            % {"n": result.count, "head": result.old_head}
        )
