"""An office's letterhead and its register of document numbers (docs/rules.md#official-documents).

The office sets its 发文机关标志, its issuer's code and its 抄送 list once
(``letterhead_set``); every document it issues then takes the next 发文字号 of the year
from ``document_number_issue``. Numbers are allocated under a lock on the office's own
letterhead row, so two clerks issuing at once get 12号 and 13号, and offices never wait
on one another.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record, snapshot
from wenming.documents import official
from wenming.domain.style import document_number, document_number_problems

from .models import DocumentKind, IssuedDocument, Letterhead, Region

LETTERHEAD_FIELDS = ["mark", "number_code", "signature", "printer", "copies_to"]


def _problem_message(code: str, text: str) -> str:
    return {
        "empty": _("请填写机关代字。"),
        "brackets": _("机关代字不含括号（“%(text)s”）：年份的六角括号〔〕由系统加上。"),
        "digits": _("机关代字不含数字（“%(text)s”）：年份和序号由系统加上。"),
        "suffix": _("机关代字不以“号”结尾：“号”由系统加上。"),
    }[code] % {"text": text}


def letterhead_defaults(office: Region) -> Letterhead:
    """What an office that has set nothing prints: its region's name, no 发文字号."""
    name = _("%(region)s精神文明建设委员会办公室") % {"region": office.name}
    return Letterhead(
        office=office,
        mark=_("%(office)s文件") % {"office": name},
        number_code="",
        signature=name,
        printer=name,
        copies_to="",
    )


def letterhead_of(office: Region) -> Letterhead:
    """The office's saved letterhead, or the defaults (unsaved) when it has none."""
    saved = Letterhead.objects.filter(office=office).first()
    return saved or letterhead_defaults(office)


def letterhead_set(*, acting_user: User, office: Region, **fields: str) -> Letterhead:
    """Save the office's letterhead; a bad issuer's code is refused in words."""
    require_perm(acting_user, "registry.change_letterhead", office)
    code = fields.get("number_code", "")
    problems = document_number_problems(code)
    if problems:
        raise ValidationError({"number_code": [_problem_message(p.code, p.text) for p in problems]})
    with transaction.atomic():
        current = Letterhead.objects.select_for_update().filter(office=office).first()
        before = snapshot(current, LETTERHEAD_FIELDS) if current else None
        if current is None:
            current = Letterhead(office=office)
        for name in LETTERHEAD_FIELDS:
            if name in fields:
                setattr(current, name, fields[name].strip())
        current.full_clean()
        after = snapshot(current, LETTERHEAD_FIELDS)
        if after != before:
            current.save()
            audit_record(
                actor=acting_user,
                action="letterhead.set",
                obj=office,
                before=before,
                after=after,
            )
    return current


def next_sequence(office: Region, year: int) -> int:
    """The sequence the office's next document of ``year`` takes (the one rule, read by the
    register when it issues and by the settings page when it shows the next number)."""
    last = IssuedDocument.objects.filter(office=office, year=year).aggregate(n=Max("sequence"))
    return (last["n"] or 0) + 1


_NUMBER = re.compile(r"^(?P<code>.+)〔(?P<year>\d{4})〕(?P<sequence>\d+)号$")


def document_number_register(
    *, acting_user: User, office: Region, kind: DocumentKind, title: str, number: str, on: date
) -> IssuedDocument:
    """Enter a number typed by hand (e.g. the 文明委's own) in the office's register.

    A number the register already holds is refused in words. A number in the office's own
    code takes its place in the sequence, so the register never issues it again.
    """
    require_perm(acting_user, "registry.change_letterhead", office)
    number = number.strip()
    with transaction.atomic():
        letterhead = Letterhead.objects.select_for_update().filter(office=office).first()
        if IssuedDocument.objects.filter(office=office, number=number).exists():
            raise ValidationError(
                _("发文字号“%(number)s”已在本办发文登记中使用，请核对后重新填写。")
                % {"number": number}
            )
        match = _NUMBER.match(number)
        year, sequence = on.year, None
        if match and letterhead and match["code"] == letterhead.number_code:
            year, sequence = int(match["year"]), int(match["sequence"])
            if IssuedDocument.objects.filter(office=office, year=year, sequence=sequence).exists():
                raise ValidationError(
                    _("发文字号“%(number)s”已在本办发文登记中使用，请核对后重新填写。")
                    % {"number": number}
                )
        issued = IssuedDocument.objects.create(
            office=office,
            year=year,
            sequence=sequence,
            number=number,
            kind=kind,
            title=title,
            issued_by=acting_user,
            signed_on=on,
        )
        audit_record(
            actor=acting_user,
            action="document.register",
            obj=office,
            after={"number": number, "kind": kind.value, "title": title},
        )
    return issued


def document_number_issue(
    *, acting_user: User, office: Region, kind: DocumentKind, title: str, on: date
) -> IssuedDocument | None:
    """Register a document and give it the office's next 发文字号 for ``on``'s year.

    None when the office has set no issuer's code yet: the document goes out unnumbered
    (the settings page says so) rather than with a made-up number.
    """
    require_perm(acting_user, "registry.change_letterhead", office)
    with transaction.atomic():
        letterhead = Letterhead.objects.select_for_update().filter(office=office).first()
        if letterhead is None or not letterhead.number_code:
            return None
        sequence = next_sequence(office, on.year)
        issued = IssuedDocument.objects.create(
            office=office,
            year=on.year,
            sequence=sequence,
            number=document_number(letterhead.number_code, on.year, sequence),
            kind=kind,
            title=title,
            issued_by=acting_user,
            signed_on=on,
        )
        audit_record(
            actor=acting_user,
            action="document.issue",
            obj=office,
            after={"number": issued.number, "kind": kind.value, "title": title},
        )
    return issued


def issued_document(office: Region, number: str) -> IssuedDocument | None:
    """The register's row for ``number`` ("" or unknown → None)."""
    if not number:
        return None
    return IssuedDocument.objects.filter(office=office, number=number).first()


def official_letterhead(office: Region, number: str = "") -> official.Letterhead:
    """The letterhead as the 公文 builder reads it, with the document's number."""
    saved = letterhead_of(office)
    return official.Letterhead(
        mark=saved.mark,
        number=number,
        signature=saved.signature,
        printer=saved.printer,
        copies_to=saved.copies_list,
    )


__all__ = [
    "document_number_issue",
    "document_number_register",
    "issued_document",
    "letterhead_defaults",
    "letterhead_of",
    "letterhead_set",
    "next_sequence",
    "official_letterhead",
]
