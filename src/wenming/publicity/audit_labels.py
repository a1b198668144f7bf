"""How the publicity app's recorded actions read on the history pages."""

from django.utils.translation import gettext_lazy as _

from wenming.audit.labels import register_actions

register_actions(
    {
        "holiday_year.save": _("保存节假日安排"),
        "publicity.publish": _("发布公示"),
        "publicity.close": _("结束公示"),
        "objection.lodge": _("提交异议"),
        "objection.decide": _("办结异议"),
        "publicity.personal_data_purge": _("清除异议人个人信息"),
    }
)
