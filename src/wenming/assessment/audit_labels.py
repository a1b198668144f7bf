"""How the assessment app's recorded actions read on the history pages.

The marks, deductions, the standing and the waivers are recorded on the application
they are about, with the row's own fields as payload (``model=``)."""

from django.utils.translation import gettext_lazy as _

from wenming.audit.labels import register_actions
from wenming.visits.models import GroupMember, VisitPhoto

from .models import (
    DeductionRecord,
    Mark,
    MarkSetWaiver,
    Questionnaire,
    QuestionnaireResponse,
    Standing,
)

register_actions(
    {
        "assessment.round_create": _("新建测评轮次"),
        "assessment.round_sampling": _("保存抽样比例"),
        "assessment.sample_draw": _("抽取样本"),
        "assessment.round_commit": _("公布候选名单"),
        "assessment.sample_extend": _("提高抽查比例扩大样本"),
        "assessment.round_comparison": _("修改评分比较设置"),
        "assessment.group_create": _("新建考核组"),
        "assessment.conflict_declare": _("登记回避"),
        "assessment.assignment_generate": _("自动分配考核任务"),
        "assessment.assignment_move": _("调整考核任务"),
        "assessment.visit_record": _("保存考核记录"),
        "assessment.ranking_compute": _("计算排名"),
        "assessment.ranking_run_start": _("开始计算排名"),
        "assessment.ranking_freeze": _("锁定排名"),
    },
    keys={
        "witnesses": _("现场见证人"),
        "population": _("候选数"),
        "size": _("样本数"),
        "chosen": _("抽中的申报"),
        "added": _("新增抽中的申报"),
    },
)
register_actions(
    {"assessment.ranking_simulated": _("模拟测算排名（未保存）")},
    hidden={"changes"},  # the same changes, as sentences, are in ``summary``
    keys={
        "summary": _("测算内容与结果"),
        "entering": _("进入名额内"),
        "leaving": _("退出名额"),
        "moved": _("名次变化的申报数"),
    },
)
register_actions(
    {"assessment.member_add": _("加入考核组"), "assessment.member_remove": _("移出考核组")},
    model=GroupMember,
)
register_actions({"assessment.visit_photo": _("上传考核照片")}, model=VisitPhoto)
register_actions({"assessment.mark_save": _("评分")}, model=Mark)
register_actions({"assessment.deduction_record": _("记录减分")}, model=DeductionRecord)
register_actions({"assessment.standing_set": _("登记同等条件优先")}, model=Standing)
register_actions(
    {
        "assessment.mark_set_waive": _("登记缺评原因"),
        "assessment.mark_set_waiver_remove": _("撤销缺评原因"),
    },
    model=MarkSetWaiver,
)
register_actions({"assessment.questionnaire_tokens_issue": _("生成问卷码")}, model=Questionnaire)
register_actions({"assessment.questionnaire_answer": _("填写问卷")}, model=QuestionnaireResponse)
