"""How the audit app's own actions read on the history pages (rekey; admin changes and
logins are added by their modules)."""

from django.utils.translation import gettext_lazy as _

from .labels import register_actions

register_actions({"audit.rekey": _("用密钥重写审计链")})
