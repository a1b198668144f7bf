"""The conditions of the stage gates (``wenming.domain.stage_gates``) in words."""

from datetime import date, datetime

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming.documents.style import date_words, datetime_words
from wenming.domain.stage_gates import Condition

# code → (said when met, said when unmet). Unmet messages that name applicants or
# departments take %(who)s; the others take the condition's own figures.
MESSAGES: dict[str, tuple[Promise, Promise]] = {
    "exceptional_decided": (
        gettext_lazy("破格申报均已审批。"),
        gettext_lazy("还有破格申报待审批：%(who)s。"),
    ),
    "all_decided": (
        gettext_lazy("所有申报均已作出推荐决定。"),
        gettext_lazy("还有申报未作推荐决定：%(who)s。"),
    ),
    "reports_submitted": (
        gettext_lazy("各推荐单位均已报送推荐报告。"),
        gettext_lazy("还有推荐单位未报送推荐报告：%(who)s。"),
    ),
    "rounds_exist": (
        gettext_lazy("已设置 %(count)s 个测评轮次。"),
        gettext_lazy("尚未设置测评轮次。"),
    ),
    "all_assigned": (
        gettext_lazy("每个推荐申报都已分配考核组。"),
        gettext_lazy("还有推荐申报未分配考核组：%(who)s。"),
    ),
    "marks_complete": (
        gettext_lazy("每位考核人员都已完成所分配申报的评分（或已登记缺评原因）。"),
        gettext_lazy("还有评分未完成且未登记原因：%(who)s。"),
    ),
    "ranking_current": (
        gettext_lazy("测评排名已按最新评分计算。"),
        gettext_lazy("测评排名尚未计算，或计算后评分有变动，请重新计算排名。"),
    ),
    "families_reviewed": (
        gettext_lazy("文明家庭申报均已集中审核认定。"),
        gettext_lazy("还有文明家庭申报未集中审核认定：%(who)s。"),
    ),
    "cities_ranked": (
        gettext_lazy("文明城市申报的实地测评、材料审核和问卷调查成绩均已录入并排名。"),
        gettext_lazy("还有文明城市申报成绩不全或尚未排名：%(who)s。"),
    ),
    "screening_sent": (
        gettext_lazy("已向成员单位发出征求意见。"),
        gettext_lazy("尚未向成员单位发出征求意见。"),
    ),
    "all_answered": (
        gettext_lazy("所有成员单位均已答复（含代录的书面复函）。"),
        gettext_lazy("还有成员单位未答复：%(who)s。"),
    ),
    "appeals_answered": (
        gettext_lazy("没有未答复的申诉。"),
        gettext_lazy("尚有申诉未答复：%(who)s。"),
    ),
    "published": (
        gettext_lazy("拟命名名单已公示。"),
        gettext_lazy("拟命名名单尚未公示。"),
    ),
    "publicity_ended": (
        gettext_lazy("公示期已满（%(ends)s 结束）。"),
        gettext_lazy("公示期尚未结束（%(ends)s 结束）。"),
    ),
    "objections_closed": (
        gettext_lazy("没有未办结的异议。"),
        gettext_lazy("还有 %(count)s 件异议未办结。"),
    ),
    "approved": (
        gettext_lazy("文明委会议已审定名单（到会人数符合规定）。"),
        gettext_lazy("名单尚未经符合法定人数的文明委会议审定。"),
    ),
    "all_named": (
        gettext_lazy("审定通过的申报均已命名。"),
        gettext_lazy("还有审定通过的申报未命名：%(who)s。"),
    ),
}


def _who(params: dict[str, object]) -> str:
    names = str(params.get("names", ""))
    if int(str(params.get("more", 0))):
        return _("%(names)s等%(count)s个") % {"names": names, "count": params["count"]}
    return names


def _when(value: object) -> str:
    if not isinstance(value, datetime):
        return _("待公示后计算")
    return datetime_words(value)


def condition_message(condition: Condition) -> str:
    """The condition as the campaign page and a refusal say it, met or unmet."""
    met, unmet = MESSAGES[condition.code]
    template = str(met if condition.met else unmet)
    values = {**condition.params, "who": _who(condition.params)}
    values["ends"] = _when(condition.params.get("ends_at"))
    return template % values


#: code → the notice a stage's close form shows (``stage_gates.stage_notices``): the
#: close is allowed, but the office should know what it ends.
NOTICES: dict[str, Promise] = {
    "appeal_window_running": gettext_lazy(
        "申诉期至 %(day)s 尚未结束，结束征求意见阶段后将不再受理申诉。"
    ),
}


def notice_message(condition: Condition) -> str:
    day = condition.params.get("day")
    shown = date_words(day) if isinstance(day, date) else ""
    return str(NOTICES[condition.code]) % {"day": shown}
