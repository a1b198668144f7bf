"""How the families app's recorded actions read on the history pages."""

from django.utils.translation import gettext_lazy as _

from wenming.audit.labels import register_actions

register_actions(
    {"family.review": _("文明家庭集中审核认定")},
    keys={"findings": _("认定结果"), "reasons": _("不达标理由"), "passed": _("认定通过")},
)
