"""Publicity of the proposed list (公示), the public's objections (异议), and the holiday
years the office enters for the working-day calendar (docs/rules.md#publicity)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HolidayYear(models.Model):
    """One year's official holidays as the State Council notice gives them."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    days_off = models.JSONField(_("放假日期"), default=list)
    makeup_workdays = models.JSONField(_("调休上班日期"), default=list)
    document_number = models.CharField(_("通知文号"), max_length=100)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} · {self.document_number}"


class Publicity(models.Model):
    campaign = models.OneToOneField(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="publicity"
    )
    starts_on = models.DateField(_("公示开始日期"))
    ends_on = models.DateField(_("公示结束日期"))
    working_days = models.PositiveSmallIntegerField(_("公示工作日数"))
    contact_phone = models.CharField(_("异议受理电话"), max_length=50)
    contact_address = models.CharField(_("来信地址"), max_length=200, blank=True)
    # 发文字号 of the publicity notice, issued by 发文（取号） (docs/rules.md).
    notice_number = models.CharField(_("发文字号"), max_length=100, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    # When its objectors' contacts and addresses were erased (manage.py purge_personal_data).
    personal_data_purged_at = models.DateTimeField(_("个人信息清除时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return str(self.campaign)


class PublicityEntry(models.Model):
    publicity = models.ForeignKey(Publicity, on_delete=models.CASCADE, related_name="entries")
    application = models.ForeignKey(
        "campaigns.Application", on_delete=models.PROTECT, related_name="publicity_entries"
    )

    class Meta:
        verbose_name = _("公示名单")
        verbose_name_plural = _("公示名单")
        ordering = ["application__award", "application__rank", "application_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["publicity", "application"], name="publicity_entry_once"
            )
        ]

    def __str__(self) -> str:
        return str(self.application)


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("调查核实中")
    UPHELD = "upheld", _("异议成立")
    REJECTED = "rejected", _("异议不成立")


class Objection(models.Model):
    publicity = models.ForeignKey(Publicity, on_delete=models.PROTECT, related_name="objections")
    application = models.ForeignKey(
        "campaigns.Application", on_delete=models.PROTECT, related_name="objections"
    )
    reasons = models.TextField(_("异议理由"))
    contact_name = models.CharField(_("姓名"), max_length=50, blank=True)
    contact = models.CharField(_("联系方式"), max_length=100)
    source_ip = models.GenericIPAddressField(null=True, blank=True)
    lodged_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    reply = models.TextField(_("答复"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    promoted = models.ForeignKey(
        "campaigns.Application",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("递补"),
    )

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["-lodged_at", "-id"]

    def __str__(self) -> str:
        return f"{self.application} · {self.get_status_display()}"
