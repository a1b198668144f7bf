"""Writes to the liaison officers' register (联络员, docs/rules.md#liaison-officers).

A member unit names one liaison officer at a time, a cadre of 正科级 or above
(``wenming.domain.workrules.rank_suffices``). Naming a new one ends the current one's
appointment on the same day; an officer who leaves without a successor leaves the unit
waiting, flagged overdue a week later. Every change of contacts is an audit event, so the
officer's page shows the history.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record, snapshot
from wenming.domain.workrules import LIAISON_MIN_RANK, Rank, rank_suffices
from wenming.registry.models import Body

from ..models import RANK_LABELS, LiaisonOfficer

OFFICER_FIELDS = ["body", "name", "rank", "position", "office_phone", "mobile", "email",
                  "user", "started_on", "ended_on", "end_reason"]  # fmt: skip
CONTACT_FIELDS = ("name", "rank", "position", "office_phone", "mobile", "email", "user")


def _check_rank(rank: str) -> None:
    if rank not in Rank:
        raise ValidationError({"rank": [_("职级无效。")]})
    if not rank_suffices(Rank(rank)):
        raise ValidationError(
            {
                "rank": [
                    _("联络员须由%(min)s以上干部担任，%(rank)s不符合要求。")
                    % {"min": RANK_LABELS[LIAISON_MIN_RANK], "rank": RANK_LABELS[Rank(rank)]}
                ]
            },
            code="rank_too_low",
        )


def liaison_appoint(
    *,
    acting_user: User,
    body: Body,
    name: str,
    rank: str,
    started_on: date | None = None,
    position: str = "",
    office_phone: str = "",
    mobile: str = "",
    email: str = "",
    user: User | None = None,
) -> LiaisonOfficer:
    """Name the unit's liaison officer; the one in office, if any, leaves that day."""
    require_perm(acting_user, "workrules.keep_unit", body)
    _check_rank(rank)
    started_on = started_on or timezone.localdate()
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": [_("指定日期不能晚于今天。")]})
    if not (office_phone.strip() or mobile.strip()):
        raise ValidationError(_("请至少填写一个联系电话（办公电话或手机）。"))
    officer = LiaisonOfficer(
        body=body, name=name.strip(), rank=rank, position=position.strip(),
        office_phone=office_phone.strip(), mobile=mobile.strip(), email=email.strip(),
        user=user, started_on=started_on, created_by=acting_user,
    )  # fmt: skip
    with transaction.atomic():
        current = (
            LiaisonOfficer.objects.select_for_update().filter(body=body, ended_on=None).first()
        )
        if current is not None:
            if started_on < current.started_on:
                raise ValidationError({"started_on": [_("接任日期不能早于现任联络员的指定日期。")]})
            _end(acting_user, current, started_on, _("由%(name)s接任") % {"name": officer.name})
        officer.full_clean()
        officer.save()
        audit_record(
            actor=acting_user,
            action="liaison.appoint",
            obj=officer,
            after=snapshot(officer, OFFICER_FIELDS)
            | {"replaces": current.pk if current is not None else None},
        )
    return officer


def liaison_update(
    *, acting_user: User, officer: LiaisonOfficer, **changes: object
) -> LiaisonOfficer:
    """Change an officer's details or contacts (the old values stay in the audit trail)."""
    require_perm(acting_user, "workrules.keep_unit", officer.body)
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise ValidationError(_("不能修改：%(fields)s") % {"fields": "、".join(sorted(unknown))})
    if "rank" in changes:
        _check_rank(str(changes["rank"]))
    with transaction.atomic():
        current = LiaisonOfficer.objects.select_for_update().get(pk=officer.pk)
        if current.ended_on is not None:
            raise ValidationError(_("该联络员已离任，不能再修改。"))
        before = snapshot(current, OFFICER_FIELDS)
        for name, value in changes.items():
            setattr(current, name, value.strip() if isinstance(value, str) else value)
        if not (current.office_phone or current.mobile):
            raise ValidationError(_("请至少填写一个联系电话（办公电话或手机）。"))
        current.full_clean()
        after = snapshot(current, OFFICER_FIELDS)
        if after != before:
            current.save()
            audit_record(
                actor=acting_user, action="liaison.update", obj=current, before=before, after=after
            )
    return current


def _end(acting_user: User, officer: LiaisonOfficer, left_on: date, reason: str) -> None:
    before = snapshot(officer, OFFICER_FIELDS)
    officer.ended_on = left_on
    officer.end_reason = reason
    officer.save(update_fields=["ended_on", "end_reason"])
    audit_record(
        actor=acting_user,
        action="liaison.leave",
        obj=officer,
        before=before,
        after=snapshot(officer, OFFICER_FIELDS),
    )


def liaison_leave(
    *, acting_user: User, officer: LiaisonOfficer, left_on: date, reason: str
) -> LiaisonOfficer:
    """The officer leaves without a successor yet: the unit names one within a week."""
    require_perm(acting_user, "workrules.keep_unit", officer.body)
    if not reason.strip():
        raise ValidationError({"reason": [_("请填写离任原因。")]})
    with transaction.atomic():
        current = LiaisonOfficer.objects.select_for_update().get(pk=officer.pk)
        if current.ended_on is not None:
            raise ValidationError(_("该联络员已离任。"))
        if left_on < current.started_on:
            raise ValidationError({"left_on": [_("离任日期不能早于指定日期。")]})
        if left_on > timezone.localdate():
            raise ValidationError({"left_on": [_("离任日期不能晚于今天。")]})
        _end(acting_user, current, left_on, reason.strip())
    return current
