"""How the notification centre's recorded actions read on the history pages."""

from django.utils.translation import gettext_lazy as _

from wenming.audit.labels import register_actions

from .models import Notification, Template

register_actions({"notification.read": _("阅读通知")}, model=Notification)
register_actions(
    {
        "notification.template": _("修改通知模板"),
        "notification.template_reset": _("恢复默认通知模板"),
    },
    model=Template,
)
register_actions(
    {"notification.read_all": _("全部通知标为已读"), "notification.preferences": _("修改通知偏好")},
    keys={"off": _("关闭的通知"), "daily_digest": _("每日汇总邮件"), "count": _("条数")},
)
