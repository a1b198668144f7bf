"""Questionnaires: the office issues respondent tokens; the public answers by token.

One response per token is enforced by the database (a one-to-one row), so a double tap
or a replayed request cannot count twice.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record
from wenming.campaigns.models import Application, Campaign
from wenming.campaigns.stages import StageClosed

from ..models import (
    Questionnaire,
    QuestionnaireKind,
    QuestionnaireResponse,
    QuestionnaireToken,
)
from ..population import ASSESSABLE, scored
from .common import require_assessment_open

#: At most this many tokens in one issue (a printed sheet, not a bulk generator).
MAX_TOKENS = 500

#: The questions each kind asks, in order.
QUESTIONS = {
    QuestionnaireKind.PUBLIC: ("satisfied",),
    QuestionnaireKind.STAFF: ("participates", "satisfied", "supports", "knows"),
}


def questionnaire_tokens_issue(
    *, acting_user: User, application: Application, kind: str, count: int
) -> list[QuestionnaireToken]:
    """Create the application's questionnaire of ``kind`` if needed and issue tokens."""
    require_perm(acting_user, "campaigns.manage_campaign", application.campaign)
    _check_issue(kind, count)
    if application.status not in ASSESSABLE:
        raise ValidationError(
            _("该申报当前状态为“%(s)s”，不再测评。") % {"s": application.get_status_display()}
        )
    if not scored(application):
        raise ValidationError(
            _("%(name)s不测评打分，不发放问卷。") % {"name": application.organization.name}
        )
    with transaction.atomic():
        require_assessment_open(application.campaign)
        tokens = _issue(acting_user, application, kind, count)
    return list(QuestionnaireToken.objects.filter(pk__in=[t.pk for t in tokens]))


def questionnaire_tokens_issue_many(
    *,
    acting_user: User,
    campaign: Campaign,
    applications: Sequence[Application],
    kind: str,
    count: int,
) -> int:
    """Issue ``count`` tokens of ``kind`` to each of many applicants under assessment at
    once (批量生成问卷码): one transaction, an audit event per applicant; one no longer
    under assessment refuses them all, naming it. Returns the tokens issued."""
    require_perm(acting_user, "campaigns.manage_campaign", campaign)
    _check_issue(kind, count)
    if not applications:
        raise ValidationError(_("请先勾选要生成问卷码的单位。"))
    if len(applications) * count > MAX_BATCH:
        raise ValidationError(
            _("一次最多生成 %(max)s 个问卷码，请减少单位或每个单位的数量。") % {"max": MAX_BATCH}
        )
    with transaction.atomic():
        require_assessment_open(campaign)
        current = list(
            Application.objects.select_for_update()
            .filter(campaign=campaign, pk__in=[a.pk for a in applications])
            .select_related("organization", "award")
            .order_by("organization__name", "pk")
        )
        stopped = [
            a.organization.name for a in current if a.status not in ASSESSABLE or not scored(a)
        ]
        if stopped or len(current) != len(applications):
            raise ValidationError(
                _("%(names)s不在测评中，不能生成问卷码；请刷新后重新勾选。")
                % {"names": "、".join(stopped)}
            )
        return sum(len(_issue(acting_user, a, kind, count)) for a in current)


#: At most this many tokens in one batch over many applicants.
MAX_BATCH = 20_000


def _check_issue(kind: str, count: int) -> None:
    if kind not in QuestionnaireKind.values:
        raise ValidationError(_("问卷类型“%(kind)s”不存在。") % {"kind": kind})
    if not 1 <= count <= MAX_TOKENS:
        raise ValidationError(_("问卷码数量应在 1 到 %(max)s 之间。") % {"max": MAX_TOKENS})


def _issue(
    acting_user: User, application: Application, kind: str, count: int
) -> list[QuestionnaireToken]:
    """The tokens, inside the caller's transaction, with their audit event."""
    questionnaire, _created = Questionnaire.objects.get_or_create(
        application=application, kind=kind, defaults={"created_by": acting_user}
    )
    tokens = QuestionnaireToken.objects.bulk_create(
        [QuestionnaireToken(questionnaire=questionnaire) for _ in range(count)]
    )
    audit_record(
        actor=acting_user,
        action="assessment.questionnaire_tokens_issue",
        obj=application,
        after={"kind": kind, "count": count, "questionnaire": questionnaire.pk},
    )
    return tokens


def _require_answering(campaign: Any) -> None:
    """The public answers only while the assessment stage is open, told in its words."""
    try:
        require_assessment_open(campaign)
    except StageClosed as error:
        stage = error.stage
        ended = stage.closed_at is not None or timezone.now() > stage.closes_at
        message = _("该问卷已结束。") if ended else _("该问卷尚未开始。")
        raise ValidationError(message, code="closed") from None


@dataclass(frozen=True)
class Answered:
    response: QuestionnaireResponse | None
    already: bool  # the token had been used: nothing was saved


def _answers(kind: str, answers: dict[str, Any]) -> dict[str, bool]:
    cleaned = {}
    for question in QUESTIONS[QuestionnaireKind(kind)]:
        value = answers.get(question)
        if value not in (True, False):
            raise ValidationError(_("请回答每一个问题。"), code="unanswered")
        cleaned[question] = value
    return cleaned


def questionnaire_answer(
    *, acting_user: Any, token: QuestionnaireToken, answers: dict[str, Any]
) -> Answered:
    """Save one respondent's answers for a token; a used token saves nothing.

    ``acting_user`` is the anonymous public as a rule; the audit event records the
    questionnaire and the token, never who or where the respondent is.
    """
    questionnaire = token.questionnaire
    cleaned = _answers(questionnaire.kind, answers)
    if questionnaire.application.status not in ASSESSABLE:
        raise ValidationError(_("该问卷已结束。"), code="closed")
    _require_answering(questionnaire.application.campaign)
    try:
        with transaction.atomic():
            response = QuestionnaireResponse.objects.create(
                questionnaire=questionnaire, token=token, **cleaned
            )
            audit_record(
                actor=acting_user,
                action="assessment.questionnaire_answer",
                obj=questionnaire,
                after={"token": token.pk} | cleaned,
            )
    except IntegrityError:
        return Answered(None, True)
    return Answered(response, False)
