"""Notifications, their deliveries by channel, each user's preferences, the office's
templates and the dispatcher's place in the audit trail.

A notification is one person's message about one event (an application returned, a stage
about to close). It is the in-app channel itself: the inbox lists it. Every other channel
(e-mail, SMS, work chat) gets a delivery row, sent by the task worker after commit,
retried with backoff and marked failed after the limit (:mod:`wenming.notifications.sending`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .kinds import Channel, Kind


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("事件"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    #: The page it is about, as a path ("/campaigns/applications/3/"); "" when none.
    url = models.CharField(_("链接"), max_length=300, blank=True)
    #: What made it, unique per person: "audit:<event id>" for an event of the audit trail,
    #: "<kind>:<object>:<day>" for a time-based one, so no run makes it twice.
    key = models.CharField(max_length=120, db_index=True)
    #: The region path of the office the event belongs to: the office's delivery log
    #: reads its own territory's deliveries by prefix.
    region_path = models.CharField(max_length=255, blank=True, db_index=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once"),
        ]
        indexes = [
            # The top bar's count and the inbox's unread-first order.
            models.Index(
                fields=["recipient"], name="notification_unread", condition=Q(read_at__isnull=True)
            ),
            models.Index(fields=["recipient", "-id"], name="notification_inbox"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def unread(self) -> bool:
        return self.read_at is None


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    RETRYING = "retrying", _("重试中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")
    #: Gathered into the day's digest mail instead of a mail of its own.
    DIGEST = "digest", _("并入每日汇总")


class Delivery(models.Model):
    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    status = models.CharField(
        _("状态"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), null=True, blank=True)
    last_error = models.TextField(_("错误"), blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("发送记录")
        verbose_name_plural = _("发送记录")
        ordering = ["-id"]
        indexes = [
            # The retry scan reads only what is still to send.
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_due",
                condition=Q(status__in=["pending", "retrying"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.notification}"


class Preference(models.Model):
    """One person's choice for one event on one channel; no row: the default (on)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("事件"), max_length=32, choices=Kind.choices)
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    enabled = models.BooleanField(_("接收"), default=True)

    class Meta:
        verbose_name = _("通知偏好")
        verbose_name_plural = _("通知偏好")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "channel"], name="preference_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind} · {self.channel}"


class MailSetting(models.Model):
    """Whether a person's mail comes one by one or as one digest a day."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_mail"
    )
    daily_digest = models.BooleanField(_("每日汇总邮件"), default=False)
    #: The last day a digest was mailed, so the daily run mails it once.
    digest_sent_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("邮件设置")
        verbose_name_plural = _("邮件设置")

    def __str__(self) -> str:
        return str(self.user)


class Template(models.Model):
    """The office's wording of one event; no row: the default of the code (kinds.py)."""

    kind = models.CharField(_("事件"), max_length=32, choices=Kind.choices, unique=True)
    subject = models.CharField(_("标题模板"), max_length=200)
    body = models.TextField(_("正文模板"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("通知模板")
        verbose_name_plural = _("通知模板")

    def __str__(self) -> str:
        return self.get_kind_display()


class Cursor(models.Model):
    """How far the dispatcher has read the audit trail: every event numbered up to
    ``last_id`` is settled and handled (a single row)."""

    name = models.CharField(max_length=32, unique=True)
    last_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name}: {self.last_id}"
