"""How the accounts the demo creates read on the history pages.

``wenming.accounts`` writes no audit events itself, and it may not import the audit
app (they are siblings, docs/architecture.md#layers): the demo, which records the
creation of its people, registers their labels."""

from django.utils.translation import gettext_lazy as _

from wenming.audit.labels import register_actions

register_actions({"user.create": _("创建用户"), "user.role_add": _("授予角色")})
