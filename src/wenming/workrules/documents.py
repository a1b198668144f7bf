"""The 通报 of information reports as the office's official document (公文), laid out by
the one builder (``wenming.documents.gongwen``): the period's totals in the body, each
unit's figures in a table, the office's letterhead with the 通报's 发文字号."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from wenming.documents.issuing import official_response
from wenming.documents.official import Block, OfficialDocument, Paragraph, Table
from wenming.registry.letterheads import official_letterhead

from .messages import period_words
from .models import InfoBulletin


def _paragraphs(text: str) -> list[Paragraph]:
    return [Paragraph(line.strip()) for line in text.splitlines() if line.strip()]


def _rate(value: object) -> str:
    return f"{value}%" if value is not None else "—"


def bulletin_document(bulletin: InfoBulletin) -> OfficialDocument:
    """The 通报 as printed: an opening, the totals, the table of units, the requirements."""
    rows = bulletin.figures
    submitted = sum(int(r["submitted"]) for r in rows)
    adopted = sum(int(r["adopted"]) for r in rows)
    period = period_words(bulletin.year, bulletin.quarter)
    opening = bulletin.opening or _(
        "根据《文明委成员单位信息交流及工作汇报制度》，现将%(period)s各成员单位信息报送及"
        "采用情况通报如下。"
    ) % {"period": period}
    body: list[Block] = [*_paragraphs(opening), Paragraph(_("一、总体情况"), level=1)]
    reporting = sum(1 for r in rows if int(r["submitted"]))
    body.append(
        Paragraph(
            _(
                "%(period)s，%(units)d个成员单位中有%(reporting)d个单位报送信息，共报送"
                "%(submitted)d篇，采用%(adopted)d篇，其中编入简报%(briefing)d篇、上报"
                "%(up)d篇。"
            )
            % {
                "period": period, "units": len(rows), "reporting": reporting,
                "submitted": submitted, "adopted": adopted,
                "briefing": sum(int(r["in_briefing"]) for r in rows),
                "up": sum(int(r["reported_up"]) for r in rows),
            }
        )
    )  # fmt: skip
    silent = [str(r["unit"]) for r in rows if not int(r["submitted"])]
    if silent:
        body.append(Paragraph(_("%(names)s本期未报送信息。") % {"names": _("、").join(silent)}))
    body.append(Paragraph(_("二、各单位报送及采用情况"), level=1))
    body.append(
        Table(
            (_("序号"), _("单位"), _("报送"), _("采用"), _("编入简报"), _("上报"), _("采用率")),
            tuple(
                (
                    str(n), str(r["unit"]), str(r["submitted"]), str(r["adopted"]),
                    str(r["in_briefing"]), str(r["reported_up"]), _rate(r["rate"]),
                )
                for n, r in enumerate(rows, start=1)
            ),
            empty_text=_("（本级没有文明委成员单位）"),
            widths=(1, 6, 1.2, 1.2, 1.6, 1.2, 1.6),
        )
    )  # fmt: skip
    if bulletin.requirements.strip():
        body.append(Paragraph(_("三、下一步要求"), level=1))
        body.extend(_paragraphs(bulletin.requirements))
    return OfficialDocument(
        letterhead=official_letterhead(bulletin.office, bulletin.document_number),
        title=bulletin.title,
        addressees=bulletin.addressees,
        body=tuple(body),
        signed_on=bulletin.issued_on,
    )


def bulletin_download(bulletin: InfoBulletin, fmt: str) -> HttpResponse:
    """The 通报 as Word (``"docx"``) or PDF (``"pdf"``), named by its title."""
    return official_response(bulletin_document(bulletin), bulletin.title, fmt)
