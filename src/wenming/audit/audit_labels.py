"""How the audit app's own actions read on the history pages (rekey; admin changes and
logins are added by their modules)."""

from django.utils.translation import gettext_lazy as _

from .labels import register_actions
from .models import LoginSubject

register_actions({"audit.rekey": _("用密钥重写审计链"), "audit.checkpoint": _("写入审计检查点")})
register_actions(
    {
        "admin.add": _("后台新增"),
        "admin.change": _("后台修改"),
        "admin.delete": _("后台删除"),
        "admin.password_reset": _("后台重置密码"),
    }
)
# Recorded on the account (or a LoginSubject): the payload is a LoginSubject's fields.
register_actions(
    {
        "login.success": _("登录"),
        "login.logout": _("退出登录"),
        "login.failed": _("登录失败"),
        "login.locked_out": _("登录失败次数过多，账号锁定"),
    },
    model=LoginSubject,
)
