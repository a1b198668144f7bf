"""Ranking (排名): what the office sets for the tie rules, and the stored results.

``Standing`` holds what the office decides per application for the ranking: the
preference of seed 000 §6.3 (how many of the preferred kinds of work the applicant is
active in) and counts of the framework's deduction items. ``RankingResult`` is one
computed row per award and application; it is rebuilt whole by the ranking service.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Standing(models.Model):
    application = models.OneToOneField(
        "campaigns.Application", on_delete=models.CASCADE, related_name="standing"
    )
    preference = models.PositiveSmallIntegerField(
        _("同等条件优先"),
        default=0,
        help_text=_(
            "积极参与新时代文明实践结对共建、全国文明城市创建、群众性创建活动的项数（0–3）"
        ),
    )
    deductions = models.JSONField(_("减分项目次数"), default=dict, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("排名依据")
        verbose_name_plural = _("排名依据")

    def __str__(self) -> str:
        return str(self.application)


class RankingResult(models.Model):
    """An application's place in its award's ranking, as last computed.

    Totals are kept to four decimals (rounded half up from the database's exact or
    double-precision arithmetic) and compared at that precision; pages show two.
    """

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="ranking_results"
    )
    award = models.ForeignKey(
        "campaigns.Award", on_delete=models.CASCADE, related_name="ranking_results"
    )
    application = models.OneToOneField(
        "campaigns.Application", on_delete=models.CASCADE, related_name="ranking"
    )
    criteria_total = models.DecimalField(_("测评得分"), max_digits=10, decimal_places=4, default=0)
    threshold_total = models.DecimalField(
        _("指标达标得分"), max_digits=10, decimal_places=4, default=0
    )
    bonus_total = models.DecimalField(_("特色加分"), max_digits=10, decimal_places=4, default=0)
    deduction_total = models.DecimalField(_("减分"), max_digits=10, decimal_places=4, default=0)
    total = models.DecimalField(_("总分"), max_digits=10, decimal_places=4, default=0)
    preference = models.PositiveSmallIntegerField(_("同等条件优先"), default=0)
    rounds = models.PositiveSmallIntegerField(_("计入轮次"), default=0)
    name = models.CharField(_("名称"), max_length=200)
    # The name's place in code-point order, so the last tie rule sorts alike on every database.
    name_order = models.PositiveIntegerField(default=0)
    rank = models.PositiveIntegerField(_("名次"), null=True)
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("排名结果")
        verbose_name_plural = _("排名结果")
        ordering = ["award", "rank"]
        indexes = [models.Index(fields=["award", "rank"], name="ranking_award_rank")]

    def __str__(self) -> str:
        return f"{self.award} #{self.rank} {self.name}"
