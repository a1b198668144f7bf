"""How the screening app's recorded actions read on an application's history."""

from django.utils.translation import gettext_lazy as _

from wenming.audit.labels import register_actions

register_actions({"screening.answer_on_behalf": _("代录成员单位书面复函")})
