"""The cities app's records: for each county applying for 文明城市, the survey company's
result, the online material review and the questionnaire rate; and the ranking frozen
when the assessment stage closes (docs/rules.md#cities).

Each part is kept on 0..100 to two decimals, as the ranking reads it; the composite is
exact (weights of at most four decimals times parts of two).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wenming.campaigns.models import Application, Campaign
from wenming.domain.cities import Outcome
from wenming.frameworks.models import Framework

OUTCOME_LABELS = {
    Outcome.NAMED: _("文明城市"),
    Outcome.NOMINATED: _("提名城市"),
    Outcome.NONE: _("未获评"),
}


class SurveyImport(models.Model):
    """One upload of the survey company's workbook; the latest replaces the results."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("届次"), on_delete=models.CASCADE, related_name="city_surveys"
    )
    source_name = models.CharField(_("文件名"), max_length=255, blank=True)
    indicators = models.JSONField(_("测评指标"), default=list)  # the sheet's order
    rows = models.PositiveIntegerField(_("行数"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("实地测评导入")
        verbose_name_plural = _("实地测评导入")
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.source_name}"


class SurveyResult(models.Model):
    """A county's third-party field survey (实地测评): indicator scores and their mean."""

    survey_import = models.ForeignKey(
        SurveyImport, verbose_name=_("导入"), on_delete=models.CASCADE, related_name="results"
    )
    application = models.OneToOneField(
        Application, verbose_name=_("申报"), on_delete=models.CASCADE, related_name="city_survey"
    )
    row = models.PositiveIntegerField(_("行号"))
    indicators = models.JSONField(_("指标得分"), default=dict)  # {indicator: "85.50"}
    score = models.DecimalField(_("实地测评成绩"), max_digits=5, decimal_places=2)
    sample_size = models.PositiveIntegerField(_("样本量"))
    surveyed_from = models.DateField(_("调查开始日期"))
    surveyed_to = models.DateField(_("调查结束日期"))

    class Meta:
        verbose_name = _("实地测评成绩")
        verbose_name_plural = _("实地测评成绩")

    def __str__(self) -> str:
        return f"{self.application} · {self.score}"


class ReviewScore(models.Model):
    """The office's online material review (网上材料审核) under the award's framework."""

    application = models.OneToOneField(
        Application, verbose_name=_("申报"), on_delete=models.CASCADE, related_name="city_review"
    )
    framework = models.ForeignKey(Framework, verbose_name=_("测评体系"), on_delete=models.PROTECT)
    items = models.JSONField(_("各项得分"), default=dict)  # {item number: "8.50"}
    total = models.DecimalField(_("审核得分"), max_digits=9, decimal_places=2)
    score = models.DecimalField(_("材料审核成绩"), max_digits=5, decimal_places=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("录入时间"), auto_now=True)

    class Meta:
        verbose_name = _("材料审核成绩")
        verbose_name_plural = _("材料审核成绩")

    def __str__(self) -> str:
        return f"{self.application} · {self.score}"


class QuestionnaireRate(models.Model):
    """The questionnaire (问卷调查) rate, a percentage, with its respondents."""

    application = models.OneToOneField(
        Application,
        verbose_name=_("申报"),
        on_delete=models.CASCADE,
        related_name="city_questionnaire",
    )
    rate = models.DecimalField(_("问卷调查成绩"), max_digits=5, decimal_places=2)
    respondents = models.PositiveIntegerField(_("答卷人数"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("录入时间"), auto_now=True)

    class Meta:
        verbose_name = _("问卷调查成绩")
        verbose_name_plural = _("问卷调查成绩")

    def __str__(self) -> str:
        return f"{self.application} · {self.rate}"


class CityRanking(models.Model):
    """The ranking as it stood when the assessment stage closed, with its settings."""

    campaign = models.OneToOneField(
        Campaign, verbose_name=_("届次"), on_delete=models.CASCADE, related_name="city_ranking"
    )
    weights = models.JSONField(_("综合测评权重"))
    named = models.PositiveSmallIntegerField(_("文明城市名额"))
    nominated = models.PositiveSmallIntegerField(_("提名城市名额"))
    frozen_at = models.DateTimeField(_("确定时间"), auto_now_add=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("文明城市排名")
        verbose_name_plural = _("文明城市排名")

    def __str__(self) -> str:
        return str(self.campaign)


class CityStanding(models.Model):
    """One county's line of the frozen ranking."""

    ranking = models.ForeignKey(
        CityRanking, verbose_name=_("排名"), on_delete=models.CASCADE, related_name="standings"
    )
    application = models.OneToOneField(
        Application,
        verbose_name=_("申报"),
        on_delete=models.CASCADE,
        related_name="city_standing",
    )
    survey = models.DecimalField(_("实地测评成绩"), max_digits=5, decimal_places=2)
    review = models.DecimalField(_("材料审核成绩"), max_digits=5, decimal_places=2)
    questionnaire = models.DecimalField(_("问卷调查成绩"), max_digits=5, decimal_places=2)
    composite = models.DecimalField(_("综合成绩"), max_digits=12, decimal_places=6)
    rank = models.PositiveIntegerField(_("名次"))
    outcome = models.CharField(
        _("结果"),
        max_length=16,
        choices=[(o.value, label) for o, label in OUTCOME_LABELS.items()],
    )

    class Meta:
        verbose_name = _("文明城市排名结果")
        verbose_name_plural = _("文明城市排名结果")
        ordering = ["rank", "id"]

    def __str__(self) -> str:
        return f"{self.application} · {self.rank}"
