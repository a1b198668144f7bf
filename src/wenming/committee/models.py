"""Committee meetings, the approved list and the naming decision with its certificates.

A meeting (文明委会议) of a campaign has its members — users holding the committee role
in the running office's region, or people entered by name — their attendance and the
written opinions of absent members, the votes and the minutes. Once it approves the list,
the meeting is frozen. The naming decision (命名决定) names the approved applicants; each
named applicant gets a certificate whose verification code the public can check.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenming.documents.style import date_words


class Meeting(models.Model):
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("届次"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    held_on = models.DateField(_("会议日期"))
    place = models.CharField(_("会议地点"), max_length=200, blank=True)
    minutes = models.TextField(_("会议纪要"), blank=True)
    approved_at = models.DateTimeField(_("审定时间"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("文明委会议")
        verbose_name_plural = _("文明委会议")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.campaign} · {date_words(self.held_on)}"

    @property
    def frozen(self) -> bool:
        """An approved meeting's record and list can no longer change."""
        return self.approved_at is not None


class Member(models.Model):
    """A member of the committee at one meeting: present, or absent with or without a
    written opinion (recorded, never counted toward the quorum)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("姓名"), max_length=100)
    present = models.BooleanField(_("出席"), default=False)
    written_opinion = models.TextField(_("书面意见"), blank=True)

    class Meta:
        verbose_name = _("委员")
        verbose_name_plural = _("委员")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "name"], name="member_once_per_meeting"),
            # Only an absent member sends a written opinion.
            models.CheckConstraint(
                condition=Q(present=False) | Q(written_opinion=""),
                name="member_opinion_only_when_absent",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Vote(models.Model):
    """The count of one vote: on one application, or on the list as a whole."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="votes")
    application = models.ForeignKey(
        "campaigns.Application",
        verbose_name=_("申报"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    votes_for = models.PositiveSmallIntegerField(_("赞成"))
    votes_against = models.PositiveSmallIntegerField(_("反对"))
    abstentions = models.PositiveSmallIntegerField(_("弃权"))

    class Meta:
        verbose_name = _("表决")
        verbose_name_plural = _("表决")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(application__isnull=True), name="vote_list_once"
            ),
            models.UniqueConstraint(
                fields=["meeting", "application"],
                condition=Q(application__isnull=False),
                name="vote_application_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.votes_for}/{self.votes_against}/{self.abstentions}"


class Outcome(models.TextChoices):
    APPROVED = "approved", _("审定通过")
    REFUSED = "refused", _("未通过审定")


class ListEntry(models.Model):
    """One application on the list the meeting decided (frozen with the meeting)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="entries")
    application = models.OneToOneField(
        "campaigns.Application", on_delete=models.PROTECT, related_name="committee_entry"
    )
    outcome = models.CharField(_("审定结果"), max_length=16, choices=Outcome.choices)

    class Meta:
        verbose_name = _("审定名单")
        verbose_name_plural = _("审定名单")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.application} · {self.get_outcome_display()}"


class NamingDecision(models.Model):
    """The naming decision (命名决定) for the list one meeting approved."""

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="decision")
    document_number = models.CharField(_("命名文号"), max_length=100)
    named_on = models.DateField(_("命名日期"))
    naming_body = models.CharField(_("命名机关"), max_length=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("命名决定")
        verbose_name_plural = _("命名决定")
        ordering = ["-named_on", "-id"]

    def __str__(self) -> str:
        return self.document_number


class Certificate(models.Model):
    """The certificate (证书) of one named applicant, with its public verification code."""

    decision = models.ForeignKey(
        NamingDecision, on_delete=models.PROTECT, related_name="certificates"
    )
    application = models.OneToOneField(
        "campaigns.Application", on_delete=models.PROTECT, related_name="certificate"
    )
    title = models.OneToOneField(
        "registry.Title", on_delete=models.PROTECT, related_name="certificate"
    )
    code = models.CharField(_("验证码"), max_length=16, unique=True)

    class Meta:
        verbose_name = _("证书")
        verbose_name_plural = _("证书")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.code
