"""How the supervision app's recorded actions read on the history pages.

A review's entries, visits and duty records are recorded on the review, and a
self-assessment report on its organization, with the row's own fields as payload
(``model=``)."""

from django.utils.translation import gettext_lazy as _

from wenming.audit.labels import register_actions
from wenming.domain.review import ItemAction
from wenming.visits.models import Visit

from .models import DutyRecord, Milestone, ReviewEntry, SelfAssessment

register_actions(
    {
        "review.create": _("新建考核"),
        "review.roster_import": _("导入值勤记录"),
        # The group is recorded by its name, not by a row: no model to read it by.
        "review.group_add": _("新建考核组"),
        "review.member_add": _("加入考核组"),
        "review.member_remove": _("移出考核组"),
    }
)
register_actions(
    {
        "review.entry_add": _("加入考核"),
        "review.entry_plan": _("保存分组与日期"),
        "review.entry_score": _("保存考核评分"),
    },
    model=ReviewEntry,
)
register_actions({"review.visit_record": _("保存考核记录")}, model=Visit)
register_actions({"review.duty_record_add": _("记录值勤情况")}, model=DutyRecord)
register_actions({"self_assessment.report": _("报送自测自评")}, model=SelfAssessment)

#: The moves of a supervision item, recorded as ``item.<action>``.
ITEM_ACTION_LABELS = {
    ItemAction.REMIND: _("催办"),
    ItemAction.FEEDBACK: _("提交反馈"),
    ItemAction.CLOSE: _("办结"),
}
register_actions({f"item.{action.value}": label for action, label in ITEM_ACTION_LABELS.items()})
register_actions(
    {
        "item.open": _("督办立项"),
        "item.escalate": _("督办升级"),
        "bulletin.issue": _("印发通报"),
    }
)
register_actions({"item.milestone_done": _("标记节点完成")}, model=Milestone)
