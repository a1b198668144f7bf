"""``manage.py audit_verify``: exit 0 when the audit chain is intact, 1 naming the first break."""

import sys
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from wenming.audit.selectors import verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the audit trail."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken = verify_chain()
        if broken is None:
            self.stdout.write(_("审计链完整：共校验 %(n)d 条事件。") % {"n": checked})
            return
        reason = (
            _("该事件内容被改动")
            if broken.reason == "hash"
            else _("与前一事件的链接断开（前面的事件被改动或删除）")
        )
        self.stderr.write(
            _("审计链在事件 #%(id)d 处断开：%(reason)s。此前 %(n)d 条事件完整。")
            % {"id": broken.event_id, "reason": reason, "n": checked}
        )
        sys.exit(1)
