"""Questionnaires (问卷调查): the public's satisfaction and the staff's questionnaire.

A questionnaire belongs to one application and one kind. The office issues tokens; each
token is one respondent's link (and QR code) and takes one response, answered on a
phone without login. Rates are counts of positive answers over respondents.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionnaireKind(models.TextChoices):
    PUBLIC = "public", _("群众满意度问卷")
    STAFF = "staff", _("职工问卷")


def new_token() -> str:
    """An unguessable respondent token, short enough for a QR code to stay coarse."""
    return secrets.token_urlsafe(12)


class Questionnaire(models.Model):
    application = models.ForeignKey(
        "campaigns.Application", on_delete=models.PROTECT, related_name="questionnaires"
    )
    kind = models.CharField(_("问卷类型"), max_length=8, choices=QuestionnaireKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("问卷")
        verbose_name_plural = _("问卷")
        ordering = ["application", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="questionnaire_once")
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.get_kind_display()}"


class QuestionnaireToken(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="tokens"
    )
    token = models.CharField(max_length=32, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("问卷码")
        verbose_name_plural = _("问卷码")
        ordering = ["questionnaire", "id"]

    def __str__(self) -> str:
        return self.token


class QuestionnaireResponse(models.Model):
    """One respondent's answers; the one-to-one token makes it one response per token.

    Questions a kind does not ask stay empty: the public answers ``satisfied`` only, the
    staff all four.
    """

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="responses"
    )
    token = models.OneToOneField(
        QuestionnaireToken, on_delete=models.CASCADE, related_name="response"
    )
    satisfied = models.BooleanField(_("满意"))
    participates = models.BooleanField(_("参与创建活动"), null=True)
    supports = models.BooleanField(_("支持创建工作"), null=True)
    knows = models.BooleanField(_("知晓创建工作"), null=True)
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("问卷答卷")
        verbose_name_plural = _("问卷答卷")
        ordering = ["questionnaire", "id"]

    def __str__(self) -> str:
        return f"{self.questionnaire} #{self.pk}"
