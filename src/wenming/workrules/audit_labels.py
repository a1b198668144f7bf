"""How the work rules' recorded actions read on the history pages."""

from django.utils.translation import gettext_lazy as _

from wenming.audit.labels import register_actions

from .models import Attendee

register_actions(
    {
        "work_meeting.schedule": _("安排会议"),
        "work_meeting.paper_add": _("添加会议材料"),
        "work_meeting.papers_circulate": _("向委员通报会议材料"),
        "work_meeting.attendance": _("记录出席情况"),
        "work_meeting.minutes": _("记录会议纪要"),
        "work_meeting.decision": _("分解议定事项"),
        "liaison.appoint": _("指定联络员"),
        "liaison.update": _("修改联络员信息"),
        "liaison.leave": _("联络员离任"),
        "info_report.submit": _("报送信息"),
        "info_report.decide": _("处理报送信息"),
        "info_bulletin.create": _("拟制信息报送通报"),
        "training.create": _("登记学习培训"),
        "training.attendance": _("记录培训参加人员"),
    },
    keys={
        "members": _("委员"),
        "papers": _("会议材料"),
        "recipients": _("通报对象"),
        "attendance": _("出席情况"),
        "decision": _("议定事项"),
        "tasks": _("分解任务"),
        "replaces": _("接替"),
        "file": _("附件"),
        "figures": _("统计"),
        "attendees": _("参加人员"),
    },
)
# Recorded on the meeting, with the member's fields as payload.
register_actions({"work_meeting.leave": _("委员请假")}, model=Attendee, keys={"member": _("委员")})
