"""A ranking run (排名计算任务): the office's click on 计算排名 or 重新排名, worked by the
task worker, with its phase while it runs and its result (or its error) once done.

One run at a time per campaign: a second click while one is queued or running shows
that one. The reason of a re-rank is kept here as given and on the version it makes.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wenming.documents import jobs
from wenming.documents.jobs import WorkerClaim


class RankingRunStatus(models.TextChoices):
    """The values every job shares (``documents.jobs``), with this job's labels."""

    PENDING = jobs.PENDING, _("排队中")
    RUNNING = jobs.RUNNING, _("计算中")
    DONE = jobs.DONE, _("已完成")
    FAILED = jobs.FAILED, _("失败")


class RankingPhase(models.TextChoices):
    """Where a running ranking is, in the order it goes through them."""

    READING = "reading", _("读取评分")
    SCORING = "scoring", _("计算得分与名次")
    WRITING = "writing", _("保存排名")
    MOVING = "moving", _("更新申报状态")


class RankingRun(WorkerClaim):
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="ranking_runs"
    )
    reason = models.CharField(_("重新排名原因"), max_length=500, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=RankingRunStatus.choices,
        default=RankingRunStatus.PENDING,
    )
    phase = models.CharField(_("进度"), max_length=16, choices=RankingPhase.choices, blank=True)
    version = models.PositiveIntegerField(_("版本"), null=True, blank=True)
    ranked = models.PositiveIntegerField(_("参与排名"), default=0)
    assessed = models.PositiveIntegerField(_("转为已测评"), default=0)
    carried = models.PositiveIntegerField(_("沿用"), default=0)
    error = models.TextField(_("错误"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("排名计算任务")
        verbose_name_plural = _("排名计算任务")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.campaign_id} run {self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in {RankingRunStatus.DONE, RankingRunStatus.FAILED}

    @property
    def percent(self) -> int:
        """How far the run is, by phase: each phase started counts one step of five (a
        phase's own progress is not known)."""
        if self.status == RankingRunStatus.DONE:
            return 100
        phases = list(RankingPhase.values)
        if self.phase not in phases:
            return 0
        return round(100 * (phases.index(self.phase) + 1) / (len(phases) + 1))
