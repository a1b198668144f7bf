"""Screening services: send the list, answer, enter a paper reply (代录), chase (催办)
and close (docs/rules.md#screening).

Every action runs only while the campaign's screening stage is open. Any veto
disqualifies the applicant at once (取消推荐资格) and gives its place to the first
alternate of the same recommending unit and award; both changes go through the
application state machine and are audited with the department's answer, whether the
department answered in the system or the office entered its letter (函复). Closing the
round is closing the screening stage (``campaigns.stages.stage_close``): its gate holds
once every department has answered, and its hook moves the applicants not vetoed on.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record
from wenming.campaigns.models import Application, Campaign, Stage
from wenming.campaigns.services import application_move, promote_first_alternate
from wenming.campaigns.stages import require_stage_open, stage_close
from wenming.domain.application_states import Action, State, allowed_actions
from wenming.domain.stage_gates import StageKind

from .documents import CheckedDocument
from .models import (
    ScreeningAnswer,
    ScreeningEntry,
    ScreeningLetter,
    ScreeningReminder,
    ScreeningRequest,
    ScreeningRound,
    Verdict,
)
from .selectors import member_departments, reviewer_emails
from .tasks import send_reminder_mail


@dataclass(frozen=True)
class AnswerInput:
    """One department's answer for one applicant, as a page or the API received it."""

    application_id: int
    verdict: str
    reason: str = ""
    document: CheckedDocument | None = None


def _open(round_: ScreeningRound) -> None:
    """The round may still be acted on: not closed, and the screening stage open."""
    if round_.is_closed:
        raise ValidationError(_("征求意见已结束。"), code="closed")
    require_stage_open(round_.campaign, StageKind.SCREENING)


def screening_send(
    *,
    acting_user: User,
    campaign: Campaign,
    deadline: datetime,
    applications: Iterable[Application] | None = None,
) -> ScreeningRound:
    """The office sends the proposed list to the member departments, asking for answers
    by ``deadline``. The list is the frozen ranking's: the applications it moved to
    assessed (by default all of them)."""
    require_perm(acting_user, "screening.manage", campaign)
    if deadline <= timezone.now():
        raise ValidationError(_("答复截止时间必须晚于现在。"), code="deadline_past")
    require_stage_open(campaign, StageKind.SCREENING)
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
    if answer.on_behalf:
        comment = _("%(body)s一票否决（书面复函，由%(clerk)s代录）：%(reason)s") % {
            "body": request.body.name,
            "clerk": str(user),
            "reason": answer.reason,
        }
    else:
        comment = _("%(body)s一票否决：%(reason)s") % {
            "body": request.body.name,
            "reason": answer.reason,
        }
    application_move(
        acting_user=user, applications=application, action=Action.VETO, comment=comment
    )
    answer.promoted = promote_first_alternate(acting_user=user, vacated=application)
    answer.save(update_fields=["promoted"])


def _check(
    answer: AnswerInput, listed: set[int], done: set[int], *, needs_document: bool = True
) -> None:
    if answer.application_id not in listed:
        raise ValidationError(_("该申报不在征求意见名单中。"), code="not_listed")
    if answer.application_id in done:
        raise ValidationError(_("已答复的意见不能修改。"), code="answered")
    if answer.verdict not in Verdict.values:
        raise ValidationError(_("请选择“无异议”或“一票否决”。"), code="verdict")
    if answer.verdict == Verdict.VETO and not answer.reason.strip():
        raise ValidationError(_("一票否决须填写书面理由。"), code="reason")
    if answer.verdict == Verdict.VETO and needs_document and answer.document is None:
        raise ValidationError(_("一票否决须上传依据文件（PDF）。"), code="document")


def _locked_request(request: ScreeningRequest) -> ScreeningRequest:
    return (
        ScreeningRequest.objects.select_for_update()
        .select_related("round__campaign", "body")
        .get(pk=request.pk)
    )


def _on_behalf_comment(request: ScreeningRequest, letter: ScreeningLetter, answer: ScreeningAnswer,
                       user: User) -> str:  # fmt: skip
    verdict = (
        _("一票否决：%(reason)s") % {"reason": answer.reason}
        if answer.verdict == Verdict.VETO
        else _("无异议")
    )
    return _("%(body)s书面复函%(number)s：%(verdict)s（由%(clerk)s代录）") % {
        "body": request.body.name,
        "number": f"（{letter.document_number}）" if letter.document_number else "",
        "verdict": verdict,
        "clerk": str(user),
    }


def _save_answers(
    user: User,
    request: ScreeningRequest,
    answers: Sequence[AnswerInput],
    letter: ScreeningLetter | None = None,
) -> list[ScreeningAnswer]:
    """Record the answers of one department (in the system, or from its ``letter``); a
    veto takes effect at once; the department has answered once every applicant has."""
    listed = set(request.round.entries.values_list("application_id", flat=True))
    done = set(request.answers.values_list("application_id", flat=True))
    saved = []
    for given in answers:
        _check(given, listed, done, needs_document=letter is None)
        answer = ScreeningAnswer(
            request=request,
            application_id=given.application_id,
            verdict=given.verdict,
            reason=given.reason.strip() if given.verdict == Verdict.VETO else "",
            answered_by=user,
            letter=letter,
        )
        if given.verdict == Verdict.VETO and letter is not None:
            # The letter is the veto's written document: the same stored file.
            answer.document.name = letter.document.name
            answer.document_name = letter.document_name
            answer.document_sha256 = letter.document_sha256
        elif given.verdict == Verdict.VETO and given.document is not None:
            answer.document.save(
                given.document.name, ContentFile(given.document.content), save=False
            )
            answer.document_name = given.document.name
            answer.document_sha256 = given.document.sha256
        answer.save()
        done.add(given.application_id)
        after = {
            "department": request.body.name,
            "application": given.application_id,
            "verdict": answer.verdict,
            "reason": answer.reason,
            "document_sha256": answer.document_sha256,
        }
        if letter is None:
            audit_record(actor=user, action="screening.answer", obj=answer, after=after)
        else:
            # On the application, so that its record shows the answer and that it was
            # entered by the office (代录) from the department's letter.
            audit_record(
                actor=user,
                action="screening.answer_on_behalf",
                obj=answer.application,
                after=after
                | {
                    "answer": answer.pk,
                    "letter": letter.pk,
                    "document_number": letter.document_number,
                    "comment": _on_behalf_comment(request, letter, answer, user),
                },
            )
        if answer.verdict == Verdict.VETO:
            _veto(user, request, answer)
        saved.append(answer)
    if done >= listed and request.answered_at is None:
        request.answered_at = timezone.now()
        request.save(update_fields=["answered_at"])
    return saved


def screening_answer(
    *, acting_user: User, request: ScreeningRequest, answers: Sequence[AnswerInput]
) -> list[ScreeningAnswer]:
    """A department answers for some or all listed applicants; once every applicant has
    an answer the department has answered. A veto takes effect at once."""
    require_perm(acting_user, "screening.answer", request)
    if not answers:
        raise ValidationError(_("请至少对一个申报提出意见。"), code="empty")
    with transaction.atomic():
        request = _locked_request(request)
        _open(request.round)
        return _save_answers(acting_user, request, answers)


def screening_answer_on_behalf(
    *,
    acting_user: User,
    request: ScreeningRequest,
    letter: CheckedDocument,
    answers: Sequence[AnswerInput],
    document_number: str = "",
) -> list[ScreeningAnswer]:
    """The office enters a department's paper reply (函复) for each applicant it covers,
    with the scanned letter as a PDF: recorded as 代录 by ``acting_user``. A veto so
    entered has the same effect as one given in the system; the letter is its document.
    """
    require_perm(acting_user, "screening.manage_round", request.round)
    if letter is None:
        raise ValidationError(_("请上传部门书面复函的扫描件（PDF）。"), code="letter")
    if not answers:
        raise ValidationError(_("请至少录入一个申报的意见。"), code="empty")
    with transaction.atomic():
        request = _locked_request(request)
        _open(request.round)
        row = ScreeningLetter(
            request=request,
            document_number=document_number.strip()[:100],
            document_name=letter.name,
            document_sha256=letter.sha256,
            entered_by=acting_user,
        )
        row.document.save(letter.name, ContentFile(letter.content), save=False)
        row.save()
        audit_record(
            actor=acting_user,
            action="screening.letter",
            obj=request,
            after={
                "department": request.body.name,
                "document_number": row.document_number,
                "document_name": row.document_name,
                "document_sha256": row.document_sha256,
            },
        )
        return _save_answers(acting_user, request, answers, letter=row)


def screening_remind(*, acting_user: User, request: ScreeningRequest) -> ScreeningReminder:
    """The office chases a department that has not answered (催办): recorded and mailed."""
    require_perm(acting_user, "screening.manage_round", request.round)
    _open(request.round)
    if request.answered_at is not None:
        raise ValidationError(_("该部门已答复，无需催办。"), code="answered")
    with transaction.atomic():
        return _remind(acting_user, request)


def screening_remind_many(
    *, acting_user: User, round_: ScreeningRound, requests: Sequence[ScreeningRequest]
) -> list[ScreeningReminder]:
    """Chase many silent departments at once (催办全部未答复部门): one transaction, a
    reminder, an audit event and a mail each; a department that has answered meanwhile
    refuses them all, naming it."""
    require_perm(acting_user, "screening.manage_round", round_)
    _open(round_)
    if not requests:
        raise ValidationError(_("请先勾选要催办的部门。"), code="none")
    with transaction.atomic():
        current = list(
            ScreeningRequest.objects.select_for_update()
            .filter(round=round_, pk__in=[r.pk for r in requests])
            .select_related("body")
            .order_by("body__name", "pk")
        )
        answered = [r.body.name for r in current if r.answered_at is not None]
        if answered:
            raise ValidationError(
                _("%(names)s已答复，无需催办；请刷新后重新勾选。") % {"names": "、".join(answered)},
                code="answered",
            )
        return [_remind(acting_user, r) for r in current]


def _remind(acting_user: User, request: ScreeningRequest) -> ScreeningReminder:
    """One reminder, inside the caller's transaction: recorded, audited, mailed on commit."""
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


def screening_close(
    *, acting_user: User, round_: ScreeningRound, reason: str = ""
) -> ScreeningRound:
    """Close the round by closing the screening stage (one act): refused while a
    department has not answered; the applicants not vetoed become screened."""
    require_perm(acting_user, "screening.manage_round", round_)
    if round_.is_closed:
        raise ValidationError(_("征求意见已结束。"), code="closed")
    stage = Stage.objects.select_related("campaign").get(
        campaign_id=round_.campaign_id, kind=StageKind.SCREENING
    )
    stage_close(acting_user=acting_user, stage=stage, reason=reason)
    return ScreeningRound.objects.get(pk=round_.pk)


def close_round(acting_user: User, campaign: Campaign) -> None:
    """The screening stage's hook, run in its closing transaction: the round closes and
    every listed applicant still assessed (not vetoed) becomes screened, in one move."""
    round_ = ScreeningRound.objects.select_for_update().filter(campaign=campaign).first()
    if round_ is None or round_.is_closed:
        return
    applications = list(
        Application.objects.select_for_update()
        .filter(screening_entries__round=round_, status=State.ASSESSED)
        .order_by("id")
    )
    application_move(acting_user=acting_user, applications=applications, action=Action.SCREEN)
    round_.closed_at = timezone.now()
    round_.save(update_fields=["closed_at"])
    audit_record(
        actor=acting_user,
        action="screening.close",
        obj=round_,
        after={"screened": [a.pk for a in applications]},
    )
