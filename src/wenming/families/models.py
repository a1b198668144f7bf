"""The families app's records: the office's central review of a family's application.

A review holds, for each condition of the family standard (the award's checklist), whether
the office found it met, and why not when it was not; the outcome is derived from the
findings by ``wenming.domain.checklists.checklist_result``, never typed in.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FamilyReview(models.Model):
    """集中审核认定 of one family application, against one version of the standard."""

    application = models.OneToOneField(
        "campaigns.Application", on_delete=models.CASCADE, related_name="family_review"
    )
    framework = models.ForeignKey(
        "frameworks.Framework", verbose_name=_("创建标准"), on_delete=models.PROTECT
    )
    findings = models.JSONField(_("认定结果"), default=dict)  # condition key → met
    reasons = models.JSONField(_("不达标理由"), default=dict)  # condition key → why not
    comment = models.TextField(_("审核意见"), blank=True)
    passed = models.BooleanField(_("认定通过"), default=False)
    complete = models.BooleanField(_("已逐条认定"), default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"))

    class Meta:
        verbose_name = _("文明家庭集中审核")
        verbose_name_plural = _("文明家庭集中审核")

    def __str__(self) -> str:
        return f"{self.application_id}: {'passed' if self.passed else 'not passed'}"
