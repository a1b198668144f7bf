"""A document's 发文字号, issued once from the office's register and kept on its owner.

Every 公文 the office issues (推荐报告, 公示, 整改通知书, 督办通知书, 名额通知) takes its
number when someone who may issue for the office presses 发文（取号） on the owner's page
(a POST, confirmed): ``document_issue`` takes the next number, freezes the 成文日期 in the
register and writes the audit events. Downloads only print: the stored number and date
once issued, an unnumbered draft dated today before (docs/rules.md#document-numbers).
The owner's row is locked while the number is drawn, so two clerks pressing at once get
one number between them.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.audit.services import audit_record

from .letterheads import document_number_issue, issued_document
from .models import DocumentKind, IssuedDocument, Region
from .scopes import regions_editable_by


def may_issue(user: User, office: Region) -> bool:
    """Whether ``user`` may take numbers from ``office``'s register."""
    return user.has_perm("registry.change_letterhead", office)


def issuing_offices(user: User, offices: Iterable[Region]) -> set[int]:
    """The pks of ``offices`` ``user`` may issue for, in one query (``may_issue`` for many)."""
    pks = {office.pk for office in offices}
    if not pks:
        return set()
    return set(regions_editable_by(user).filter(pk__in=pks).values_list("pk", flat=True))


@dataclass(frozen=True)
class Printing:
    """What a download prints: the stored number and 成文日期, or "" and today (a draft)."""

    number: str
    signed_on: date

    @property
    def draft(self) -> bool:
        return not self.number


def printing(office: Region, number: str) -> Printing:
    """The number and date a download of a document numbered ``number`` prints."""
    issued = issued_document(office, number) if number else None
    if issued is None:
        return Printing(number=number, signed_on=timezone.localdate())
    signed_on = issued.signed_on or timezone.localdate(issued.issued_at)
    return Printing(number=issued.number, signed_on=signed_on)


def document_issue(
    *,
    acting_user: User,
    owner: models.Model,
    field: str,
    office: Region,
    kind: DocumentKind,
    title: str,
    on: date | None = None,
) -> IssuedDocument:
    """Issue ``owner``'s document: the office's next 发文字号 into ``owner.<field>``, the
    成文日期 ``on`` (today) frozen in the register, and an audit event on the owner.

    Refused in words when the document already has its number or the office set no
    机关代字; refused (403) for someone who may not issue for the office.
    """
    if not may_issue(acting_user, office):
        raise PermissionDenied
    on = on or timezone.localdate()
    with transaction.atomic():
        locked = type(owner)._default_manager.select_for_update().get(pk=owner.pk)
        current = getattr(locked, field)
        if current:
            raise ValidationError(
                _("本文已登记发文字号%(number)s，不能重复取号。") % {"number": current}
            )
        issued = document_number_issue(
            acting_user=acting_user, office=office, kind=kind, title=title, on=on
        )
        if issued is None:
            raise ValidationError(
                _("本办尚未在“发文设置”中填写机关代字，不能取号：请先填写机关代字。")
            )
        setattr(locked, field, issued.number)
        locked.save(update_fields=[field])
        audit_record(
            actor=acting_user,
            action="document.number",
            obj=locked,
            after={
                "kind": kind.value,
                field: issued.number,
                "signed_on": on.isoformat(),
                "title": title,
            },
        )
    setattr(owner, field, issued.number)
    return issued


__all__ = ["Printing", "document_issue", "issuing_offices", "may_issue", "printing"]
