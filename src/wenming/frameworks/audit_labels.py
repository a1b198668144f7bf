"""How the frameworks app's recorded actions read on the history pages."""

from django.utils.translation import gettext_lazy as _

from wenming.audit.labels import register_actions

register_actions(
    {
        "framework.import": _("导入测评体系"),
        "framework.edit": _("修改测评体系草稿"),
        "framework.revise": _("修订（生成新版本）"),
        "framework.publish": _("启用"),
        "framework.retire": _("停用"),
    }
)
