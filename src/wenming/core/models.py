"""The core app's one model: a large list export written by the task worker."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wenming.documents import jobs
from wenming.documents.jobs import WorkerClaim


class ExportStatus(models.TextChoices):
    """The values every job shares (``documents.jobs``), with this job's labels."""

    PENDING = jobs.PENDING, _("排队中")
    RUNNING = jobs.RUNNING, _("生成中")
    DONE = jobs.DONE, _("已完成")
    FAILED = jobs.FAILED, _("失败")


class ExportJob(WorkerClaim):
    """A list export above the background threshold (or a long document) and how far it
    has gone; only the user who asked for it may download it. ``WorkerClaim`` records
    the process writing it, so a job whose worker died is queued again."""

    kind = models.CharField(_("列表"), max_length=32)
    query = models.TextField(_("筛选条件"), blank=True)
    filename = models.CharField(_("文件名"), max_length=255)
    file = models.FileField(_("文件"), upload_to="exports/%Y/%m/", blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已写行数"), default=0)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("导出人"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.filename

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def is_document(self) -> bool:
        """A long document (a PDF), not a list's Excel."""
        return not self.filename.endswith(".xlsx")

    @property
    def finished(self) -> bool:
        return self.status in {ExportStatus.DONE, ExportStatus.FAILED}
