"""Screening services: send the list, answer, chase (催办) and close (DOMAIN §8).

Any veto disqualifies the applicant at once (取消推荐资格) and gives its place to the
first alternate of the same recommending unit and award; both changes go through the
application state machine and are audited with the department's answer.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import Role, User
from wenming.audit.services import audit_record
from wenming.campaigns.models import Application, Campaign
from wenming.campaigns.services import application_move, promote_first_alternate
from wenming.domain.application_states import Action, State, allowed_actions
from wenming.registry.models import Body

from .documents import CheckedDocument
from .models import (
    ScreeningAnswer,
    ScreeningEntry,
    ScreeningReminder,
    ScreeningRequest,
    ScreeningRound,
    Verdict,
)
from .tasks import send_reminder_mail


@dataclass(frozen=True)
class AnswerInput:
    """One department's answer for one applicant, as a page or the API received it."""

    application_id: int
    verdict: str
    reason: str = ""
    document: CheckedDocument | None = None


def _need(user: User, perm: str, obj: Any) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("您没有权限进行此操作。"))


def _open(round_: ScreeningRound) -> None:
    if round_.is_closed:
        raise ValidationError(_("征求意见已结束。"), code="closed")


def member_departments(campaign: Campaign) -> list[Body]:
    """The member departments (文明委成员单位) of the running office's region."""
    return list(Body.objects.filter(screens=True, region=campaign.office).order_by("name"))


def screening_send(
    *,
    acting_user: User,
    campaign: Campaign,
    deadline: datetime,
    applications: Iterable[Application] | None = None,
) -> ScreeningRound:
    """The office sends the proposed list (by default every assessed applicant) to the
    member departments, asking for answers by ``deadline``."""
    _need(acting_user, "screening.manage", campaign)
    if deadline <= timezone.now():
        raise ValidationError(_("答复截止时间必须晚于现在。"), code="deadline_past")
    with transaction.atomic():
        if ScreeningRound.objects.filter(campaign=campaign).exists():
            raise ValidationError(_("本届次已发出征求意见。"), code="already_sent")
        listed = Application.objects.filter(campaign=campaign, status=State.ASSESSED)
        if applications is not None:
            ids = {a.pk for a in applications}
            listed = listed.filter(pk__in=ids)
            if listed.count() != len(ids):
                raise ValidationError(
                    _("只能将本届次已测评的申报列入征求意见名单。"), code="not_assessed"
                )
        chosen = list(listed.order_by("award", "rank", "id"))
        if not chosen:
            raise ValidationError(_("没有可征求意见的已测评申报。"), code="empty")
        bodies = member_departments(campaign)
        if not bodies:
            raise ValidationError(_("本地区没有文明委成员单位。"), code="no_departments")
        round_ = ScreeningRound.objects.create(
            campaign=campaign, deadline=deadline, sent_by=acting_user
        )
        ScreeningEntry.objects.bulk_create(
            ScreeningEntry(round=round_, application=a) for a in chosen
        )
        ScreeningRequest.objects.bulk_create(ScreeningRequest(round=round_, body=b) for b in bodies)
        audit_record(
            actor=acting_user,
            action="screening.send",
            obj=round_,
            after={
                "deadline": deadline,
                "applications": [a.pk for a in chosen],
                "departments": [b.pk for b in bodies],
            },
        )
    return round_


def _veto(user: User, request: ScreeningRequest, answer: ScreeningAnswer) -> None:
    application = Application.objects.select_for_update().get(pk=answer.application_id)
    if Action.VETO not in allowed_actions(application.status):
        return  # already disqualified by another department
    comment = _("%(body)s一票否决：%(reason)s") % {
        "body": request.body.name,
        "reason": answer.reason,
    }
    application_move(
        acting_user=user, applications=application, action=Action.VETO, comment=comment
    )
    answer.promoted = promote_first_alternate(acting_user=user, vacated=application)
    answer.save(update_fields=["promoted"])


def _check(answer: AnswerInput, listed: set[int], done: set[int]) -> None:
    if answer.application_id not in listed:
        raise ValidationError(_("该申报不在征求意见名单中。"), code="not_listed")
    if answer.application_id in done:
        raise ValidationError(_("已答复的意见不能修改。"), code="answered")
    if answer.verdict not in Verdict.values:
        raise ValidationError(_("请选择“无异议”或“一票否决”。"), code="verdict")
    if answer.verdict == Verdict.VETO and not answer.reason.strip():
        raise ValidationError(_("一票否决须填写书面理由。"), code="reason")
    if answer.verdict == Verdict.VETO and answer.document is None:
        raise ValidationError(_("一票否决须上传依据文件（PDF）。"), code="document")


def screening_answer(
    *, acting_user: User, request: ScreeningRequest, answers: Sequence[AnswerInput]
) -> list[ScreeningAnswer]:
    """A department answers for some or all listed applicants; once every applicant has
    an answer the department has answered. A veto takes effect at once."""
    _need(acting_user, "screening.answer", request)
    if not answers:
        raise ValidationError(_("请至少对一个申报提出意见。"), code="empty")
    with transaction.atomic():
        request = (
            ScreeningRequest.objects.select_for_update()
            .select_related("round", "body")
            .get(pk=request.pk)
        )
        _open(request.round)
        listed = set(request.round.entries.values_list("application_id", flat=True))
        done = set(request.answers.values_list("application_id", flat=True))
        saved = []
        for given in answers:
            _check(given, listed, done)
            answer = ScreeningAnswer(
                request=request,
                application_id=given.application_id,
                verdict=given.verdict,
                reason=given.reason.strip() if given.verdict == Verdict.VETO else "",
                answered_by=acting_user,
            )
            if given.verdict == Verdict.VETO and given.document is not None:
                answer.document.save(
                    given.document.name, ContentFile(given.document.content), save=False
                )
                answer.document_name = given.document.name
                answer.document_sha256 = given.document.sha256
            answer.save()
            done.add(given.application_id)
            audit_record(
                actor=acting_user,
                action="screening.answer",
                obj=answer,
                after={
                    "department": request.body.name,
                    "application": given.application_id,
                    "verdict": answer.verdict,
                    "reason": answer.reason,
                    "document_sha256": answer.document_sha256,
                },
            )
            if answer.verdict == Verdict.VETO:
                _veto(acting_user, request, answer)
            saved.append(answer)
        if done >= listed and request.answered_at is None:
            request.answered_at = timezone.now()
            request.save(update_fields=["answered_at"])
    return saved


def reviewer_emails(body_id: int) -> list[str]:
    """The addresses of a department's reviewers."""
    users = User.objects.filter(
        roles__role=Role.REVIEWER, roles__body_id=body_id, is_active=True
    ).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def screening_remind(*, acting_user: User, request: ScreeningRequest) -> ScreeningReminder:
    """The office chases a department that has not answered (催办): recorded and mailed."""
    _need(acting_user, "screening.manage_round", request.round)
    _open(request.round)
    if request.answered_at is not None:
        raise ValidationError(_("该部门已答复，无需催办。"), code="answered")
    with transaction.atomic():
        reminder = ScreeningReminder.objects.create(
            request=request, sent_by=acting_user, recipients=reviewer_emails(request.body_id)
        )
        audit_record(
            actor=acting_user,
            action="screening.remind",
            obj=request,
            after={"department": request.body.name, "recipients": reminder.recipients},
        )
        reminder_id = reminder.pk
        transaction.on_commit(lambda: send_reminder_mail.enqueue(reminder_id))
    return reminder


def screening_close(*, acting_user: User, round_: ScreeningRound) -> ScreeningRound:
    """Close the round: refused while a department has not answered; the applicants not
    vetoed become screened (已征求意见)."""
    _need(acting_user, "screening.manage_round", round_)
    with transaction.atomic():
        round_ = ScreeningRound.objects.select_for_update().get(pk=round_.pk)
        _open(round_)
        missing = list(
            round_.requests.filter(answered_at__isnull=True)
            .order_by("body__name")
            .values_list("body__name", flat=True)
        )
        if missing:
            raise ValidationError(
                _("以下部门尚未答复，不能结束征求意见：%(names)s") % {"names": "、".join(missing)},
                code="unanswered",
            )
        screened = []
        applications = Application.objects.select_for_update().filter(
            screening_entries__round=round_, status=State.ASSESSED
        )
        for application in applications.order_by("id"):
            application_move(
                acting_user=acting_user, applications=application, action=Action.SCREEN
            )
            screened.append(application.pk)
        round_.closed_at = timezone.now()
        round_.save(update_fields=["closed_at"])
        audit_record(
            actor=acting_user, action="screening.close", obj=round_, after={"screened": screened}
        )
    return round_
