"""How the audit app's own actions read on the history pages (rekey; admin changes and
logins are added by their modules)."""

from django.utils.translation import gettext_lazy as _

from .labels import register_actions

register_actions({"audit.rekey": _("用密钥重写审计链")})
register_actions(
    {
        "admin.add": _("后台新增"),
        "admin.change": _("后台修改"),
        "admin.delete": _("后台删除"),
        "admin.password_reset": _("后台重置密码"),
    }
)
