"""Ranking (排名): what the office sets for the tie rules, deductions, and the stored
results in versions.

``Standing`` holds the ranking's preference (docs/rules.md#ranking: how many of the
preferred kinds of work the applicant is active in). ``DeductionRecord`` is one
deduction (减分) with its reason, recorded by the office or an assessor of the applicant's group. A
``RankingVersion`` is one computed ranking of a campaign; the version current when
assessment closes is frozen and screening takes it. ``RankingResult`` is one row per
version and application, as ``domain.ranking.rank`` computed it; a re-rank after a freeze
makes a new version and copies the rows of applications already screened unchanged.
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


class DeductionRecord(models.Model):
    """A deduction (减分) under one of the framework's deduction items, with its reason."""

    application = models.ForeignKey(
        "campaigns.Application", on_delete=models.CASCADE, related_name="deduction_records"
    )
    key = models.CharField(_("减分项目"), max_length=32)
    count = models.PositiveSmallIntegerField(_("次数"), default=1)
    reason = models.CharField(_("减分原因"), max_length=500)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("减分记录")
        verbose_name_plural = _("减分记录")
        ordering = ["application", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} · {self.key} × {self.count}"


class RankingVersion(models.Model):
    """One computed ranking of a campaign; frozen when assessment closes."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="ranking_versions"
    )
    number = models.PositiveIntegerField(_("版本"))
    reason = models.CharField(_("重新排名原因"), max_length=500, blank=True)
    computed_at = models.DateTimeField(_("计算时间"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    frozen_at = models.DateTimeField(_("锁定时间"), null=True, blank=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("排名版本")
        verbose_name_plural = _("排名版本")
        ordering = ["campaign", "number"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="ranking_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} v{self.number}"


class RankingResult(models.Model):
    """An application's place in its award's ranking, in one version.

    Totals are the domain's exact totals rounded half up to four decimals, the precision
    the ranking compares them at; pages show two. ``tie_rule`` names the rule that put
    the row after the one ranked just above it. ``carried`` marks a row copied unchanged
    from an earlier version because its application was already screened.
    """

    version = models.ForeignKey(
        RankingVersion, on_delete=models.CASCADE, related_name="results", null=True
    )
    carried = models.BooleanField(_("沿用"), default=False)
    tie_rule = models.CharField(_("排序依据"), max_length=16, blank=True)
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="ranking_results"
    )
    award = models.ForeignKey(
        "campaigns.Award", on_delete=models.CASCADE, related_name="ranking_results"
    )
    application = models.ForeignKey(
        "campaigns.Application", on_delete=models.CASCADE, related_name="ranking_results"
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
        constraints = [
            models.UniqueConstraint(
                fields=["version", "application"], name="ranking_row_once_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.award} #{self.rank} {self.name}"
