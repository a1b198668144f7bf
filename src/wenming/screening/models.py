"""Screening rounds: the list sent to the member departments, their answers and reminders.

A round (征求意见) lists applicants of one campaign and asks every member department
(``Body.screens``) of the running office's region to answer for each: no objection, or a
veto with a written reason and a document (一票否决, docs/rules.md#screening).
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wenming.documents.style import datetime_words


class Verdict(models.TextChoices):
    NO_OBJECTION = "no_objection", _("无异议")
    VETO = "veto", _("一票否决")


def document_key(instance: models.Model, filename: str) -> str:
    """A random storage key: the uploader's file name is kept for display only."""
    suffix = PurePath(filename).suffix.lower() or ".pdf"
    return f"screening/{uuid.uuid4().hex}{suffix}"


class ScreeningRound(models.Model):
    campaign = models.OneToOneField(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="screening_round"
    )
    deadline = models.DateTimeField(_("答复截止时间"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("发出时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("征求意见")
        verbose_name_plural = _("征求意见")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return str(self.campaign)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class ScreeningEntry(models.Model):
    """An applicant on the list sent to the departments."""

    round = models.ForeignKey(ScreeningRound, on_delete=models.CASCADE, related_name="entries")
    application = models.ForeignKey(
        "campaigns.Application", on_delete=models.PROTECT, related_name="screening_entries"
    )

    class Meta:
        verbose_name = _("征求意见名单")
        verbose_name_plural = _("征求意见名单")
        ordering = ["application__award", "application__rank", "application_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "application"], name="screening_entry_once")
        ]

    def __str__(self) -> str:
        return str(self.application)


class ScreeningRequest(models.Model):
    """One member department asked to answer for the whole list."""

    round = models.ForeignKey(ScreeningRound, on_delete=models.CASCADE, related_name="requests")
    body = models.ForeignKey("registry.Body", on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(_("答复完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("部门征求意见")
        verbose_name_plural = _("部门征求意见")
        ordering = ["body__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "body"], name="screening_request_once")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.body}"


class ScreeningLetter(models.Model):
    """A department's paper reply (函复), entered by the office on its behalf (代录).

    Most member departments have no account and answer by letter; the office enters
    what the letter says for each applicant, with the scanned letter as a PDF. The
    answers it entered point at the letter, so pages show them as 代录."""

    request = models.ForeignKey(ScreeningRequest, on_delete=models.CASCADE, related_name="letters")
    document_number = models.CharField(_("复函文号"), max_length=100, blank=True)
    document = models.FileField(_("复函扫描件"), upload_to=document_key)
    document_name = models.CharField(_("原文件名"), max_length=255)
    document_sha256 = models.CharField(max_length=64)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("代录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("书面复函")
        verbose_name_plural = _("书面复函")
        ordering = ["entered_at", "id"]

    def __str__(self) -> str:
        return f"{self.request.body} · {self.document_number or self.document_name}"


class ScreeningAnswer(models.Model):
    """A department's answer for one applicant; a veto carries its reason and document.

    An answer with a ``letter`` was entered by the office from the department's paper
    reply (代录): ``answered_by`` is then the clerk who entered it."""

    request = models.ForeignKey(ScreeningRequest, on_delete=models.CASCADE, related_name="answers")
    application = models.ForeignKey(
        "campaigns.Application", on_delete=models.PROTECT, related_name="screening_answers"
    )
    verdict = models.CharField(_("意见"), max_length=16, choices=Verdict.choices)
    reason = models.TextField(_("否决理由"), blank=True)
    document = models.FileField(_("依据文件"), upload_to=document_key, blank=True)
    document_name = models.CharField(_("原文件名"), max_length=255, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    # The alternate that took the vetoed applicant's place, shown on the round's page.
    promoted = models.ForeignKey(
        "campaigns.Application",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("递补"),
    )
    letter = models.ForeignKey(
        ScreeningLetter,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("书面复函"),
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("答复时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("部门意见")
        verbose_name_plural = _("部门意见")
        ordering = ["request", "application_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "application"], name="screening_answer_once"
            ),
            models.CheckConstraint(
                condition=models.Q(verdict="no_objection")
                | (~models.Q(reason="") & ~models.Q(document="")),
                name="screening_veto_has_reason_and_document",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request.body} · {self.application}: {self.verdict}"

    @property
    def on_behalf(self) -> bool:
        """Entered by the office from the department's letter (代录)."""
        return self.letter_id is not None


class ScreeningReminder(models.Model):
    """A reminder (催办) the office sent to a department that had not answered."""

    request = models.ForeignKey(
        ScreeningRequest, on_delete=models.CASCADE, related_name="reminders"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("催办时间"), auto_now_add=True)
    recipients = models.JSONField(_("收件人"), default=list)

    class Meta:
        verbose_name = _("催办记录")
        verbose_name_plural = _("催办记录")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.request} · {datetime_words(self.sent_at)}"
