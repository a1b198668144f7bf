"""How the committee app's recorded actions read on the history pages."""

from django.utils.translation import gettext_lazy as _

from wenming.audit.labels import register_actions

from .models import Vote

register_actions(
    {
        "meeting.create": _("创建会议"),
        "meeting.attendance": _("保存出席情况"),
        "meeting.minutes": _("保存纪要"),
        "meeting.approve": _("审定名单"),
        "naming.decide": _("命名"),
    }
)
# Recorded on the meeting, with the vote's fields as payload.
register_actions({"meeting.vote": _("记录表决")}, model=Vote)
