"""Publicity services: publish for N working days, lodge and decide objections, close,
and enter a holiday year (docs/rules.md#publicity).

Publishing, lodging and deciding objections run only while the campaign's publicity
stage is open. An upheld objection removes the applicant (UPHOLD_OBJECTION → rejected)
and gives its place to the first alternate of the same unit and award, as a veto does.
Ending publicity is closing the publicity stage (``campaigns.stages.stage_close``): its
gate holds after the computed end with no objection open; its hook ends the publicity.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record
from wenming.campaigns.models import Application, Campaign, Stage
from wenming.campaigns.services import application_move, promote_first_alternate
from wenming.campaigns.stages import require_stage_open, stage_close
from wenming.documents.style import date_words
from wenming.domain import calendar as domain
from wenming.domain.application_states import Action, State
from wenming.domain.stage_gates import StageKind

from .calendars import end_date
from .models import HolidayYear, Objection, ObjectionStatus, Publicity, PublicityEntry
from .selectors import accepts_objections

_CALENDAR_MESSAGES = {
    "date_outside_year": gettext_lazy("日期%(date)s不在%(year)s年内。"),
    "day_off_and_workday": gettext_lazy("%(dates)s不能既是放假日又是调休上班日。"),
    "makeup_workday_not_weekend": gettext_lazy("调休上班日必须是周末，%(dates)s不是周末。"),
    "document_number_missing": gettext_lazy("请填写放假通知的文号。"),
}


def _days_text(value: object) -> object:
    """Dates in a message as people write them: 2027年1月6日、2027年1月7日."""
    if isinstance(value, date):
        return date_words(value)
    if isinstance(value, list):
        return "、".join(date_words(v) if isinstance(v, date) else str(v) for v in value)
    return value


def holiday_year_save(
    *,
    acting_user: User,
    year: int,
    days_off: list[date],
    makeup_workdays: list[date],
    document_number: str,
) -> HolidayYear:
    """Enter (or correct) one year's official holidays from its notice."""
    require_perm(acting_user, "publicity.enter_holidays")
    try:
        domain.HolidayYear(year, frozenset(days_off), frozenset(makeup_workdays), document_number)
    except domain.CalendarError as error:
        template = str(_CALENDAR_MESSAGES.get(error.code, _("节假日数据有误。")))
        params = {k: _days_text(v) for k, v in error.params.items()}
        raise ValidationError(template % params, code=error.code) from error
    with transaction.atomic():
        row = HolidayYear.objects.select_for_update().filter(year=year).first()
        before = None
        if row is None:
            row = HolidayYear(year=year, entered_by=acting_user)
        else:
            before = {
                "days_off": row.days_off,
                "makeup_workdays": row.makeup_workdays,
                "document_number": row.document_number,
            }
        row.days_off = sorted(d.isoformat() for d in set(days_off))
        row.makeup_workdays = sorted(d.isoformat() for d in set(makeup_workdays))
        row.document_number = document_number.strip()
        row.entered_by = acting_user
        row.save()
        audit_record(
            actor=acting_user,
            action="holiday_year.save",
            obj=row,
            before=before,
            after={
                "days_off": row.days_off,
                "makeup_workdays": row.makeup_workdays,
                "document_number": row.document_number,
            },
        )
    return row


def publicity_publish(
    *,
    acting_user: User,
    campaign: Campaign,
    starts_on: date,
    contact_phone: str,
    contact_address: str = "",
) -> Publicity:
    """Publish the screened list for the campaign's number of working days, from today
    or a later day: a publicity dated back would end before anyone could read it."""
    require_perm(acting_user, "publicity.manage", campaign)
    require_stage_open(campaign, StageKind.PUBLICITY)
    if not contact_phone.strip():
        raise ValidationError(_("请填写异议受理电话。"), code="phone")
    today = timezone.localdate()
    if starts_on < today:
        raise ValidationError(
            _("公示开始日期不能早于今天（%(today)s）。") % {"today": date_words(today)},
            code="starts_in_past",
        )
    ends_on = end_date(starts_on, campaign.publicity_days)
    with transaction.atomic():
        if Publicity.objects.filter(campaign=campaign).exists():
            raise ValidationError(_("本届次已经公示。"), code="already_published")
        screened = list(
            Application.objects.select_for_update()
            .filter(campaign=campaign, status=State.SCREENED)
            .order_by("award", "rank", "id")
        )
        if not screened:
            raise ValidationError(_("没有已征求意见的申报可以公示。"), code="empty")
        publicity = Publicity.objects.create(
            campaign=campaign,
            starts_on=starts_on,
            ends_on=ends_on,
            working_days=campaign.publicity_days,
            contact_phone=contact_phone.strip(),
            contact_address=contact_address.strip(),
            published_by=acting_user,
        )
        PublicityEntry.objects.bulk_create(
            PublicityEntry(publicity=publicity, application=a) for a in screened
        )
        application_move(acting_user=acting_user, applications=screened, action=Action.PUBLISH)
        audit_record(
            actor=acting_user,
            action="publicity.publish",
            obj=publicity,
            after={
                "starts_on": starts_on,
                "ends_on": ends_on,
                "working_days": campaign.publicity_days,
                "applications": [a.pk for a in screened],
            },
        )
    return publicity


def objection_lodge(
    *,
    acting_user: User | AnonymousUser,
    publicity: Publicity,
    application_id: int,
    reasons: str,
    contact: str,
    contact_name: str = "",
    source_ip: str | None = None,
    today: date | None = None,
) -> Objection:
    """Anyone (no login needed) objects to an applicant on the list during publicity."""
    if not accepts_objections(publicity, today):
        raise ValidationError(_("公示期已结束，不再受理异议。"), code="closed")
    if not reasons.strip():
        raise ValidationError(_("请填写异议理由。"), code="reasons")
    if not contact.strip():
        raise ValidationError(_("请留下联系方式，以便核实和答复。"), code="contact")
    if not publicity.entries.filter(application_id=application_id).exists():
        raise ValidationError(_("该单位不在公示名单中。"), code="not_listed")
    with transaction.atomic():
        objection = Objection.objects.create(
            publicity=publicity,
            application_id=application_id,
            reasons=reasons.strip(),
            contact=contact.strip(),
            contact_name=contact_name.strip(),
            source_ip=source_ip,
        )
        audit_record(
            actor=acting_user,
            action="objection.lodge",
            obj=objection,
            after={"application": application_id, "reasons": objection.reasons},
        )
    return objection


def objection_decide(
    *, acting_user: User, objection: Objection, upheld: bool, reply: str
) -> Objection:
    """Close an objection after investigation, as upheld or rejected, with the reply."""
    require_perm(acting_user, "publicity.manage_publicity", objection.publicity)
    require_stage_open(objection.publicity.campaign, StageKind.PUBLICITY)
    if not reply.strip():
        raise ValidationError(_("请填写调查核实情况及答复。"), code="reply")
    with transaction.atomic():
        objection = Objection.objects.select_for_update().get(pk=objection.pk)
        if objection.status != ObjectionStatus.OPEN:
            raise ValidationError(_("该异议已办结。"), code="decided")
        objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.REJECTED
        objection.reply = reply.strip()
        objection.decided_by = acting_user
        objection.decided_at = timezone.now()
        if upheld:
            application = Application.objects.select_for_update().get(pk=objection.application_id)
            if application.status == State.PUBLISHED:
                comment = _("公示异议成立：%(reply)s") % {"reply": objection.reply}
                application_move(
                    acting_user=acting_user,
                    applications=application,
                    action=Action.UPHOLD_OBJECTION,
                    comment=comment,
                )
                objection.promoted = promote_first_alternate(
                    acting_user=acting_user, vacated=application
                )
        objection.save()
        audit_record(
            actor=acting_user,
            action="objection.decide",
            obj=objection,
            before={"status": ObjectionStatus.OPEN},
            after={
                "status": objection.status,
                "reply": objection.reply,
                "promoted": objection.promoted_id,
            },
        )
    return objection


def publicity_close(*, acting_user: User, publicity: Publicity, reason: str = "") -> Publicity:
    """End publicity by closing the publicity stage (one act): refused before the
    computed end has passed or while an objection is open."""
    require_perm(acting_user, "publicity.manage_publicity", publicity)
    if publicity.closed_at is not None:
        raise ValidationError(_("公示已结束。"), code="closed")
    stage = Stage.objects.select_related("campaign").get(
        campaign_id=publicity.campaign_id, kind=StageKind.PUBLICITY
    )
    stage_close(acting_user=acting_user, stage=stage, reason=reason)
    return Publicity.objects.get(pk=publicity.pk)


def close_publicity(acting_user: User, campaign: Campaign) -> None:
    """The publicity stage's hook, run in its closing transaction: publicity ends."""
    publicity = Publicity.objects.select_for_update().filter(campaign=campaign).first()
    if publicity is None or publicity.closed_at is not None:
        return
    publicity.closed_at = timezone.now()
    publicity.save(update_fields=["closed_at"])
    audit_record(
        actor=acting_user,
        action="publicity.close",
        obj=publicity,
        after={"closed_at": publicity.closed_at},
    )


@dataclass(frozen=True)
class PurgeReport:
    """What ``personal_data_purge`` erased (or, in a dry run, would erase)."""

    publicities: int
    objections: int


def personal_data_purge(
    *, retention_days: int, now: datetime | None = None, dry_run: bool = True
) -> PurgeReport:
    """Erase the objectors' names, contacts and addresses of every publicity that closed
    more than ``retention_days`` ago (GB/T 35273 §6.1: kept no longer than needed).

    A publicity never closed counts from its computed end. The objections themselves,
    their reasons and outcomes stay, and audit events are never touched; each publicity
    purged writes one event with its count. The system acts: no user, no permission."""
    if retention_days < settings.AUDIT_MIN_RETENTION_DAYS:
        raise ValidationError(
            _("保存期限不能少于%(days)s天：异议记录与审计记录相关，须至少保存这么久。")
            % {"days": settings.AUDIT_MIN_RETENTION_DAYS},
            code="retention_too_short",
        )
    now = now or timezone.now()
    cutoff = now - timedelta(days=retention_days)
    due = Publicity.objects.filter(personal_data_purged_at__isnull=True).filter(
        Q(closed_at__lt=cutoff) | Q(closed_at__isnull=True, ends_on__lt=cutoff.date())
    )
    publicities = objections = 0
    with transaction.atomic():
        for publicity in due.select_for_update().order_by("id"):
            count = Objection.objects.filter(publicity=publicity).count()
            publicities, objections = publicities + 1, objections + count
            if dry_run:
                continue
            Objection.objects.filter(publicity=publicity).update(
                contact_name="", contact="", source_ip=None
            )
            publicity.personal_data_purged_at = now
            publicity.save(update_fields=["personal_data_purged_at"])
            audit_record(
                actor=None,
                action="publicity.personal_data_purge",
                obj=publicity,
                after={"objections": count, "retention_days": retention_days},
            )
    return PurgeReport(publicities, objections)
