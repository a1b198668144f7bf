"""The rectification notice (整改通知书) and the supervision notice (督办通知书) of a
supervision item, as 公文 addressed to the responsible unit.

The 整改通知书 hands the problem over with its deadline and asks for a written
rectification report within ``REPORT_DAYS`` days of the work being done; the 督办通知书
presses an item still open and asks for a progress report within ``REPORT_DAYS`` days of
the notice. Each takes its own 发文字号 and 成文日期 from the office's register when the office
presses 发文（取号） (``notice_issue``) and keeps the number on the item; downloads only
print.
"""

from datetime import date, timedelta
from enum import StrEnum

from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.documents import official
from wenming.documents.style import date_words
from wenming.domain.review import ItemClass, ItemState
from wenming.registry.issuing import Printing, document_issue, printing
from wenming.registry.letterheads import official_letterhead
from wenming.registry.models import DocumentKind, IssuedDocument

from .models import SupervisionItem

REPORT_DAYS = 10


class NoticeDocument(StrEnum):
    RECTIFICATION = "rectification"  # 整改通知书
    SUPERVISION = "supervision"  # 督办通知书


_FIELDS = {
    NoticeDocument.RECTIFICATION: ("rectification_number", DocumentKind.RECTIFICATION_NOTICE),
    NoticeDocument.SUPERVISION: ("supervision_number", DocumentKind.SUPERVISION_NOTICE),
}


def notice_name(which: NoticeDocument) -> str:
    return _("整改通知书") if which == NoticeDocument.RECTIFICATION else _("督办通知书")


def notice_title(item: SupervisionItem, which: NoticeDocument) -> str:
    return _("关于%(title)s的%(kind)s") % {"title": item.title, "kind": notice_name(which)}


def notice_filename(item: SupervisionItem, which: NoticeDocument) -> str:
    return _("%(organization)s%(kind)s") % {
        "organization": item.responsible_name,
        "kind": notice_name(which),
    }


def notice_number(item: SupervisionItem, which: NoticeDocument) -> str:
    """The notice's stored 发文字号 ("" before 发文（取号）)."""
    field, _kind = _FIELDS[which]
    number: str = getattr(item, field)
    return number


def notice_printing(item: SupervisionItem, which: NoticeDocument) -> Printing:
    """The number and 成文日期 a download of the notice prints."""
    return printing(item.office, notice_number(item, which))


def notice_issue(
    *, acting_user: User, item: SupervisionItem, which: NoticeDocument
) -> IssuedDocument:
    """发文（取号） for one of the item's notices, from the item's office's register."""
    require_perm(acting_user, "supervision.manage_item", item)
    field, kind = _FIELDS[which]
    return document_issue(
        acting_user=acting_user,
        owner=item,
        field=field,
        office=item.office,
        kind=kind,
        title=notice_title(item, which),
    )


def _problem(item: SupervisionItem) -> list[official.Block]:
    blocks: list[official.Block] = [official.Paragraph(_("一、存在的问题"), level=1)]
    source = item.get_source_display()
    if item.source_reference:
        source += _("（%(reference)s）") % {"reference": item.source_reference}
    blocks.append(
        official.Paragraph(
            _("经%(source)s，你单位存在以下问题：%(title)s。")
            % {"source": source, "title": item.title}
        )
    )
    for line in item.description.splitlines():
        if line.strip():
            blocks.append(official.Paragraph(line.strip()))
    return blocks


def rectification_notice(
    item: SupervisionItem, milestones: list[tuple[str, date]], *, number: str, on: date
) -> official.OfficialDocument:
    """整改通知书: the problem, the deadline, the report asked for."""
    deadline = date_words(item.deadline)
    body = _problem(item)
    body.append(official.Paragraph(_("二、整改要求"), level=1))
    if item.item_class == ItemClass.BIG and milestones:
        body.append(
            official.Paragraph(
                _("请你单位制定整改方案，按附件所列节点分阶段整改，于%(deadline)s前全部整改到位。")
                % {"deadline": deadline}
            )
        )
    else:
        body.append(
            official.Paragraph(
                _("请你单位高度重视，立即组织整改，于%(deadline)s前整改到位。")
                % {"deadline": deadline}
            )
        )
    body += [
        official.Paragraph(_("三、报告要求"), level=1),
        official.Paragraph(
            _(
                "整改完成后%(days)d日内，请将整改情况书面报告我办（可在系统中“反馈整改情况”"
                "提交），并附整改前后对比照片等佐证材料。逾期未整改或整改不到位的，我办将"
                "督办并按规定通报。"
            )
            % {"days": REPORT_DAYS}
        ),
    ]
    attachments: tuple[official.Attachment, ...] = ()
    if item.item_class == ItemClass.BIG and milestones:
        attachments = (
            official.Attachment(
                title=_("整改节点"),
                blocks=(
                    official.Table(
                        columns=(_("序号"), _("阶段目标"), _("完成时限")),
                        widths=(1, 7, 3),
                        rows=tuple(
                            (str(n), title, date_words(due))
                            for n, (title, due) in enumerate(milestones, start=1)
                        ),
                    ),
                ),
            ),
        )
    return official.OfficialDocument(
        letterhead=official_letterhead(item.office, number),
        title=notice_title(item, NoticeDocument.RECTIFICATION),
        addressees=item.responsible_name,
        body=tuple(body),
        signed_on=on,
        attachments=attachments,
    )


def supervision_notice(
    item: SupervisionItem, *, number: str, on: date
) -> official.OfficialDocument:
    """督办通知书: the item is still open; do it by the deadline and report within days."""
    deadline = date_words(item.deadline)
    report_by = date_words(on + timedelta(days=REPORT_DAYS))
    body = _problem(item)
    body.append(official.Paragraph(_("二、督办事项"), level=1))
    if on > item.deadline:
        status = _("该问题整改期限为%(deadline)s，至今已逾期%(days)d天，仍未整改到位。") % {
            "deadline": deadline,
            "days": (on - item.deadline).days,
        }
    elif item.state == ItemState.FEEDBACK:
        status = _("你单位已反馈整改情况，经核查尚未整改到位。整改期限为%(deadline)s。") % {
            "deadline": deadline
        }
    else:
        status = _("该问题整改期限为%(deadline)s，目前尚未反馈整改情况。") % {"deadline": deadline}
    body += [
        official.Paragraph(status),
        official.Paragraph(
            _("现予督办。请你单位主要负责同志亲自过问，明确责任人和完成时限，确保整改到位。")
        ),
        official.Paragraph(_("三、报告要求"), level=1),
        official.Paragraph(
            _(
                "请于%(report_by)s前（%(days)d日内）将整改进展和下一步措施书面报告我办。"
                "逾期仍未整改到位的，将提交分管领导并在全市通报。"
            )
            % {"report_by": report_by, "days": REPORT_DAYS}
        ),
    ]
    return official.OfficialDocument(
        letterhead=official_letterhead(item.office, number),
        title=notice_title(item, NoticeDocument.SUPERVISION),
        addressees=item.responsible_name,
        body=tuple(body),
        signed_on=on,
    )
