"""How the screening app's recorded actions read on the history pages.

A department's letter and the reminders are recorded on its request, and an answer the
office enters from a letter (代录) on the application, with the row's own fields as
payload (``model=``)."""

from django.utils.translation import gettext_lazy as _

from wenming.audit.labels import register_actions

from .models import ScreeningAnswer, ScreeningLetter, ScreeningReminder

register_actions(
    {
        "screening.send": _("发出征求意见"),
        "screening.answer": _("提交意见"),
        "screening.close": _("结束征求意见"),
    }
)
register_actions({"screening.answer_on_behalf": _("代录成员单位书面复函")}, model=ScreeningAnswer)
register_actions({"screening.letter": _("登记成员单位书面复函")}, model=ScreeningLetter)
register_actions({"screening.remind": _("催办")}, model=ScreeningReminder)
