"""Appeals (申诉) against a frozen result, their evidence, and each campaign's window
(docs/rules.md#appeals)."""

import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wenming.domain.appeals import DEFAULT_WORKING_DAYS


class AppealWindow(models.Model):
    """How many working days after the freeze a campaign's applicants may appeal; a
    campaign without a row takes the default."""

    campaign = models.OneToOneField(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="appeal_window"
    )
    working_days = models.PositiveSmallIntegerField(
        _("申诉期限（工作日）"), default=DEFAULT_WORKING_DAYS
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("申诉期限")
        verbose_name_plural = _("申诉期限")

    def __str__(self) -> str:
        return f"{self.campaign_id} · {self.working_days}"


class AppealStatus(models.TextChoices):
    OPEN = "open", _("待答复")
    ANSWERED = "answered", _("已答复")


class AppealOutcome(models.TextChoices):
    MAINTAINED = "maintained", _("维持原结果")
    CORRECTED = "corrected", _("更正")


class Appeal(models.Model):
    """One applicant's appeal against its result in one award (one per application)."""

    application = models.OneToOneField(
        "campaigns.Application", on_delete=models.PROTECT, related_name="appeal"
    )
    version = models.ForeignKey(
        "assessment.RankingVersion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("排名版本"),
    )
    total = models.DecimalField(_("申诉时总分"), max_digits=10, decimal_places=4, null=True)
    rank = models.PositiveIntegerField(_("申诉时名次"), null=True)
    reasons = models.TextField(_("申诉理由"))
    lodged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    lodged_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=AppealStatus.choices, default=AppealStatus.OPEN
    )
    outcome = models.CharField(
        _("答复结论"), max_length=16, choices=AppealOutcome.choices, blank=True
    )
    answer = models.TextField(_("答复意见"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("申诉")
        verbose_name_plural = _("申诉")
        ordering = ["lodged_at", "id"]

    def __str__(self) -> str:
        return f"{self.application} · {self.get_status_display()}"


def evidence_key(instance: "AppealEvidence", filename: str) -> str:
    """A random storage name: never the uploader's file name."""
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"appeals/{secrets.token_hex(16)}{suffix}"


class AppealEvidence(models.Model):
    """A file the applicant gave with its appeal (PDF or image), checked by its content."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("文件"), upload_to=evidence_key)
    original_name = models.CharField(_("原文件名"), max_length=255)
    size = models.PositiveIntegerField(_("大小"))
    content_type = models.CharField(_("文件类型"), max_length=100)
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("申诉材料")
        verbose_name_plural = _("申诉材料")
        ordering = ["appeal", "id"]

    def __str__(self) -> str:
        return self.original_name
