"""A bulletin's content from the review's ranking, for the Word and PDF builders."""

from datetime import date

from django.utils.translation import gettext as _

from wenming.documents.bulletin import BulletinContent, RankingTable, Section

from .models import Bulletin
from .selectors import review_ranking


def _date(value: date) -> str:
    return _("%(y)d年%(m)d月%(d)d日") % {"y": value.year, "m": value.month, "d": value.day}


def bulletin_content(bulletin: Bulletin) -> BulletinContent:
    ranking = review_ranking(bulletin.review)
    tables: list[RankingTable] = []
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
        tables.append(RankingTable(_("月度综合考评排名"), columns, rows))
    for table in ranking.classes:
        class_columns = (_("名次"), _("单位名称"), _("综合得分"))
        class_rows = tuple(
            (str(r.rank), r.entry.organization.name, f"{r.total:.2f}") for r in table.rows
        )
        tables.append(RankingTable(table.heading, class_columns, class_rows))
    sections: tuple[Section, ...] = (
        Section("", bulletin.opening),
        Section(_("一、主要特点") if bulletin.strengths else "", bulletin.strengths),
        Section(_("二、存在问题") if bulletin.problems else "", bulletin.problems),
        Section(_("三、下一步要求") if bulletin.requirements else "", bulletin.requirements),
    )
    criticized = list(bulletin.criticized.order_by("name").values_list("name", flat=True))
    if criticized:
        text = _(
            "请%(names)s针对考核中发现的问题制定措施进行整改，并于通报印发后%(days)d日内报告整改情况。"
        ) % {
            "names": _("、").join(criticized),
            "days": bulletin.rectification_days,
        }
        sections += (Section("", text),)
    return BulletinContent(
        title=bulletin.title,
        addressees=bulletin.addressees,
        sections=sections,
        attachment_title=_("附件：%(name)s分类排名") % {"name": bulletin.review.name}
        if ranking.classes
        else _("附件：%(name)s排名") % {"name": bulletin.review.name},
        tables=tuple(tables),
        issuing_office=bulletin.issuing_office,
        issued_on=_date(bulletin.issued_on),
        empty_table_text=_("（本类无参评单位）"),
    )
