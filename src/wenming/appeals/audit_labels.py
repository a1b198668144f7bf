"""How the appeals app's recorded actions read on the history pages."""

from django.utils.translation import gettext_lazy as _

from wenming.audit.labels import register_actions

from .models import AppealWindow

register_actions(
    {"appeal.lodge": _("提出申诉"), "appeal.answer": _("答复申诉")},
    keys={"application": _("申报"), "files": _("申诉材料")},
)
register_actions({"appeal_window.set": _("设置申诉期限")}, model=AppealWindow)
