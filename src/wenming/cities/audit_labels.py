"""How the cities app's recorded actions read on the history pages.

The review and the questionnaire are recorded on the application they are about, with
the row's own fields as payload (``model=``); the settings, the import and the ranking
on the campaign."""

from django.utils.translation import gettext_lazy as _

from wenming.audit.labels import register_actions

from .models import QuestionnaireRate, ReviewScore

register_actions({"cities.settings": _("设置文明城市测评权重和名额")})
register_actions(
    {"cities.survey_import": _("导入实地测评成绩")},
    keys={"file": _("文件名"), "indicators": _("测评指标"), "survey": _("实地测评成绩")},
)
register_actions({"cities.review": _("录入材料审核成绩")}, model=ReviewScore)
register_actions({"cities.questionnaire": _("录入问卷调查成绩")}, model=QuestionnaireRate)
register_actions(
    {"cities.ranking_freeze": _("确定文明城市排名")},
    keys={
        "weights": _("综合测评权重"),
        "named": _("文明城市名额"),
        "nominated": _("提名城市名额"),
        "ranking": _("排名"),
    },
)
