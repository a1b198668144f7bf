"""Writes to the information reports (信息报送, docs/rules.md#information-reports).

A member unit (its staff or its liaison officer) submits a report; the office decides
whether to adopt it (采用) and where it went (编入简报, 上报). The office's 通报 of a
period freezes the figures (``selectors.adoption_table``) as it is drawn up, and takes its
发文字号 from the office's register once, on 发文（取号）.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record, snapshot
from wenming.registry.issuing import document_issue
from wenming.registry.models import Body, DocumentKind, IssuedDocument, Region

from ..files import Upload, attach
from ..messages import period_words
from ..models import InfoBulletin, InfoReport, LiaisonOfficer, ReportKind
from ..selectors import adoption_table

REPORT_FIELDS = ["body", "kind", "title", "submitted_on", "liaison", "adopted", "in_briefing",
                 "reported_up", "decision_note"]  # fmt: skip
BULLETIN_FIELDS = ["office", "year", "quarter", "title", "addressees", "issued_on"]


def report_submit(
    *,
    acting_user: User,
    body: Body,
    kind: str,
    title: str,
    content: str,
    upload: Upload | None = None,
    submitted_on: date | None = None,
) -> InfoReport:
    """A member unit's report; the submitter, when the unit's liaison officer, is named."""
    require_perm(acting_user, "workrules.submit_report", body)
    if kind not in ReportKind.values:
        raise ValidationError({"kind": [_("信息类别无效。")]})
    if not title.strip() or not content.strip():
        raise ValidationError(_("请填写标题和正文。"))
    today = timezone.localdate()
    submitted_on = submitted_on or today
    if submitted_on > today:
        raise ValidationError({"submitted_on": [_("报送日期不能晚于今天。")]})
    liaison = LiaisonOfficer.objects.filter(body=body, ended_on=None, user=acting_user).first()
    report = InfoReport(
        body=body, kind=kind, title=title.strip(), content=content.strip(),
        submitted_on=submitted_on, submitted_by=acting_user, liaison=liaison,
    )  # fmt: skip
    with transaction.atomic():
        if upload is not None:
            attach(report, upload)
        report.save()
        audit_record(
            actor=acting_user,
            action="info_report.submit",
            obj=report,
            after=snapshot(report, REPORT_FIELDS) | {"file": report.original_name},
        )
    return report


def report_decide(
    *,
    acting_user: User,
    report: InfoReport,
    adopted: bool,
    in_briefing: bool = False,
    reported_up: bool = False,
    note: str = "",
) -> InfoReport:
    """The office adopts the report or not, and says where an adopted one was used; it may
    change its decision (the earlier one stays in the audit trail)."""
    require_perm(acting_user, "workrules.decide_report", report)
    if not adopted and (in_briefing or reported_up):
        raise ValidationError(_("未采用的信息不能编入简报或上报。"))
    with transaction.atomic():
        current = InfoReport.objects.select_for_update().get(pk=report.pk)
        before = snapshot(current, REPORT_FIELDS)
        current.adopted = adopted
        current.in_briefing = in_briefing
        current.reported_up = reported_up
        current.decision_note = note.strip()
        current.decided_by = acting_user
        current.decided_at = timezone.now()
        current.save()
        audit_record(
            actor=acting_user,
            action="info_report.decide",
            obj=current,
            before=before,
            after=snapshot(current, REPORT_FIELDS),
        )
    return current


def bulletin_title(office: Region, year: int, quarter: int | None) -> str:
    return _("关于%(period)s文明委成员单位信息报送及采用情况的通报") % {
        "period": period_words(year, quarter)
    }


def bulletin_create(
    *,
    acting_user: User,
    office: Region,
    year: int,
    quarter: int | None = None,
    title: str = "",
    addressees: str = "",
    opening: str = "",
    requirements: str = "",
    issued_on: date | None = None,
) -> InfoBulletin:
    """Draw up the period's 通报 with its figures frozen as they stand now."""
    require_perm(acting_user, "workrules.run_office", office)
    if quarter is not None and quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": [_("季度应为1到4。")]})
    table = adoption_table(office, year, quarter)
    figures = [
        {
            "unit": row.unit.name, "submitted": row.figures.submitted,
            "adopted": row.figures.adopted, "in_briefing": row.figures.in_briefing,
            "reported_up": row.figures.reported_up,
            "rate": str(row.figures.rate) if row.figures.rate is not None else None,
        }
        for row in table.rows
    ]  # fmt: skip
    bulletin = InfoBulletin(
        office=office, year=year, quarter=quarter,
        title=title.strip() or bulletin_title(office, year, quarter),
        addressees=addressees.strip() or _("%(office)s文明委各成员单位") % {"office": office.name},
        opening=opening.strip(), requirements=requirements.strip(), figures=figures,
        issued_on=issued_on or timezone.localdate(), created_by=acting_user,
    )  # fmt: skip
    bulletin.full_clean()
    with transaction.atomic():
        bulletin.save()
        audit_record(
            actor=acting_user,
            action="info_bulletin.create",
            obj=bulletin,
            after=snapshot(bulletin, BULLETIN_FIELDS) | {"figures": figures},
        )
    return bulletin


def bulletin_number(*, acting_user: User, bulletin: InfoBulletin) -> IssuedDocument:
    """发文（取号）: the office's next 发文字号 for the 通报, once."""
    require_perm(acting_user, "workrules.manage_bulletin", bulletin)
    return document_issue(
        acting_user=acting_user,
        owner=bulletin,
        field="document_number",
        office=bulletin.office,
        kind=DocumentKind.BULLETIN,
        title=bulletin.title,
        on=bulletin.issued_on,
    )
