"""How the campaigns app's recorded actions read on an application's history.

The state machine's moves read as the campaigns app names them everywhere
(``ACTION_LABELS``); the other application actions are listed here."""

from django.utils.translation import gettext_lazy as _

from wenming.audit.labels import register_actions
from wenming.campaigns.services import ACTION_LABELS

from .models import BonusClaim, Evidence, QuotaChange, Recommendation, SelfMark

register_actions({f"application.{action}": label for action, label in ACTION_LABELS.items()})
register_actions(
    {
        "application.start": _("开始申报"),
        "application.form": _("保存申报表"),
        "application.exceptional": _("破格审批"),
        "application.submit_to_parent": _("上报上级届次"),
        "application.place_passed": _("名额由备选递补"),
        "award.framework": _("更换测评体系"),
        "campaign.create": _("创建活动"),
        "campaign.floors": _("设置抽查比例下限"),
        "campaign.submit_to_parent": _("上报上级届次"),
        "recommendation.order": _("调整推荐顺序"),
        "stage.close": _("结束阶段"),
        "stage.open": _("开始阶段"),
        "stage.extend": _("延长阶段截止时间"),
    }
)
# Recorded on the application (or the campaign), with another row's fields as payload.
register_actions({"application.self_mark": _("自评")}, model=SelfMark)
register_actions(
    {
        "application.evidence": _("上传佐证材料"),
        "application.evidence_remove": _("删除佐证材料"),
        "application.evidence_hash": _("照片查重"),
    },
    model=Evidence,
    keys={"reused_with": _("疑似重复使用的照片")},
)
register_actions(
    {
        "application.bonus_claim": _("申报特色加分"),
        "application.bonus_claim_remove": _("撤下特色加分"),
        "application.bonus_claim_decide": _("认定特色加分"),
    },
    model=BonusClaim,
)
register_actions({"quota.change": _("调整名额")}, model=QuotaChange)
register_actions(
    {
        "recommendation.submit": _("报送盖章推荐报告"),
        "recommendation.create": _("登记推荐报告（发文取号）"),
    },
    model=Recommendation,
)
