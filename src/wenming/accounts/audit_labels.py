"""How the accounts' recorded actions read: role assignments, second factors, lockouts."""

from django.utils.translation import gettext_lazy as _

from wenming.audit.labels import register_actions

from .models import RoleAssignment

register_actions(
    {
        "role.assign": _("分配角色"),
        "role.revoke": _("撤销角色"),
    },
    model=RoleAssignment,
)
register_actions(
    {
        "twofactor.enrol": _("绑定双因素认证"),
        "twofactor.fail": _("双因素验证码错误"),
        "twofactor.recovery_use": _("使用恢复码登录"),
        "twofactor.reset": _("重置双因素认证"),
        "account.unlock": _("解除账号锁定"),
        "user.password_change": _("修改密码"),
        # As the demo registers it: manage.py create_administrator records it too.
        "user.create": _("创建用户"),
    }
)
