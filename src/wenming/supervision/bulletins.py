"""A bulletin (通报) as the office's official document, for the one 公文 builder.

The sections become level-1 headings (一、主要特点 …) over their paragraphs; the review's
ranking tables become the bulletin's attachment (附件), one table per class. The
letterhead is the office's, with the bulletin's own 发文字号 and its 发文机关 as signed.
Pages and the API download it through ``bulletin_download``.
"""

from dataclasses import replace

from django.http import HttpResponse
from django.utils.translation import gettext as _

from wenming.documents.issuing import official_response
from wenming.documents.official import (
    Attachment,
    Block,
    OfficialDocument,
    Paragraph,
    Table,
)
from wenming.registry.letterheads import official_letterhead

from .models import Bulletin
from .selectors import Ranking, review_ranking


def _paragraphs(text: str) -> list[Paragraph]:
    return [Paragraph(line.strip()) for line in text.splitlines() if line.strip()]


def _tables(ranking: Ranking) -> tuple[Table, ...]:
    empty = _("（本类无参评单位）")
    tables: list[Table] = []
    if ranking.league:
        columns = (_("名次"), _("单位名称"), _("综合得分"), _("等次"), _("奖励资格"))
        rows = tuple(
            (
                str(r.rank),
                r.entry.organization.name,
                f"{r.total:.2f}",
                r.entry.grade_label,
                _("二次奖励") if r.second_reward else (_("有") if r.rewarded else _("取消")),
            )
            for r in ranking.league
        )
        tables.append(
            Table(
                columns,
                rows,
                heading=_("月度综合考评排名"),
                empty_text=empty,
                widths=(1.2, 7, 2, 1.5, 2),
            )
        )
    for table in ranking.classes:
        class_columns = (_("名次"), _("单位名称"), _("综合得分"))
        class_rows = tuple(
            (str(r.rank), r.entry.organization.name, f"{r.total:.2f}") for r in table.rows
        )
        tables.append(
            Table(
                class_columns,
                class_rows,
                heading=table.heading,
                empty_text=empty,
                widths=(1.2, 7, 2),
            )
        )
    return tuple(tables)


def bulletin_document(bulletin: Bulletin) -> OfficialDocument:
    """The bulletin as it is printed: letterhead, body, signature, the rankings attached."""
    body: list[Block] = [*_paragraphs(bulletin.opening)]
    for heading, text in (
        (_("一、主要特点"), bulletin.strengths),
        (_("二、存在问题"), bulletin.problems),
        (_("三、下一步要求"), bulletin.requirements),
    ):
        if text.strip():
            body.append(Paragraph(heading, level=1))
            body.extend(_paragraphs(text))
    criticized = list(bulletin.criticized.order_by("name").values_list("name", flat=True))
    if criticized:
        body.append(
            Paragraph(
                _(
                    "请%(names)s针对考核中发现的问题制定措施进行整改，并于通报印发后%(days)d日内报告整改情况。"
                )
                % {"names": _("、").join(criticized), "days": bulletin.rectification_days}
            )
        )
    review = bulletin.review
    ranking = review_ranking(review)
    tables = _tables(ranking)
    attachments: tuple[Attachment, ...] = ()
    if tables:
        name = _("%(name)s分类排名") if ranking.classes else _("%(name)s排名")
        attachments = (Attachment(name % {"name": review.name}, tables),)
    letterhead = official_letterhead(review.office, bulletin.document_number)
    if bulletin.issuing_office:
        letterhead = replace(letterhead, signature=bulletin.issuing_office)
    return OfficialDocument(
        letterhead=letterhead,
        title=bulletin.title,
        addressees=bulletin.addressees,
        body=tuple(body),
        signed_on=bulletin.issued_on,
        attachments=attachments,
    )


def bulletin_download(bulletin: Bulletin, fmt: str) -> HttpResponse:
    """The bulletin as Word (``"docx"``) or PDF (``"pdf"``), named by its title."""
    return official_response(bulletin_document(bulletin), bulletin.title, fmt)
