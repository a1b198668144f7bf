"""The naming decision (命名决定) as a 公文, and every certificate of a decision in one PDF
for the print shop.

The decision's 发文字号 is the one the office typed or, left blank, the next of the
office's register (``services.naming_decide``); either way it is entered in the office's
发文登记. A number in the office's own 机关代字 is issued under the office's own
letterhead (its mark and 署名); any other (e.g. the 文明委's own 清文明委〔2026〕3号) under
the naming body's mark and name (docs/rules.md#document-numbers). The certificates
are rendered ``CHUNK`` at a time by WeasyPrint and merged with pypdf
(``documents.pdf.parts_pdf``), so memory stays bounded however many were named.
"""

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from itertools import islice
from typing import IO

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from wenming.campaigns.models import Application, Award, Campaign
from wenming.documents import official
from wenming.documents.fonts import font_css
from wenming.documents.links import qr_data_url
from wenming.documents.pdf import parts_pdf
from wenming.documents.style import date_words, edition_words
from wenming.domain.titles import AssessmentMode, Category
from wenming.registry.letterheads import letterhead_of, official_letterhead
from wenming.registry.models import title_label

from .codes import display
from .models import Certificate, NamingDecision

CHUNK = 50  # certificates per WeasyPrint run


def named_label(application: Application) -> str:
    """What naming makes the application: its award's title, or for a county the 文明城市
    ranking nominated, 提名城市 in its place (省级提名城市)."""
    award = application.award
    return title_label(award.category, award.level, award.model, application.nominated)


def _labels(labels: Iterable[str]) -> str:
    return "、".join(dict.fromkeys(labels))


def decision_title(campaign: Campaign, labels: Iterable[str]) -> str:
    """关于命名第二十届市级文明单位的决定 (``labels``: what is named, see ``named_label``)."""
    return _("关于命名%(edition)s%(awards)s的决定") % {
        "edition": edition_words(campaign.edition),
        "awards": _labels(labels),
    }


def decision_filename(decision: NamingDecision, certificates: list[Certificate]) -> str:
    campaign = decision.meeting.campaign
    return _("%(edition)s%(awards)s命名决定") % {
        "edition": edition_words(campaign.edition),
        "awards": _labels(named_label(c.application) for c in certificates)
        or _labels(a.label for a in campaign.awards.all()),
    }


def in_own_code(campaign: Campaign, number: str) -> bool:
    """Whether ``number`` is in the running office's own 机关代字 (from its register)."""
    code = letterhead_of(campaign.office).number_code
    return bool(code) and number.startswith(f"{code}〔")


#: What was named (an award's title, or 提名城市) with its certificates, and its award.
_AwardGroup = tuple[str, Award, list[Certificate]]


def _award_groups(certificates: list[Certificate]) -> list[_AwardGroup]:
    """The certificates by what they name, in the order first given: an award's named
    and nominated counties are two groups however their certificates interleave."""
    groups: dict[str, _AwardGroup] = {}
    for certificate in certificates:
        label = named_label(certificate.application)
        groups.setdefault(label, (label, certificate.application.award, []))[2].append(certificate)
    return list(groups.values())


def _city_rule(campaign: Campaign, groups: list[_AwardGroup]) -> official.Paragraph | None:
    """For a 文明城市 award, how its counties were ranked: the weights and the shares."""
    if not any(award.assessment == AssessmentMode.CITY_COMPOSITE for _l, award, _r in groups):
        return None
    weights = {part: Decimal(str(value)) * 100 for part, value in campaign.city_weights.items()}
    return official.Paragraph(
        _(
            "文明城市按第三方实地测评（占%(survey)s%%）、网上材料审核（占%(review)s%%）和"
            "问卷调查（占%(questionnaire)s%%）的综合成绩排名，前%(named)d名命名为文明城市，"
            "其后%(nominated)d名为提名城市。"
        )
        % {
            **{part: format(value.normalize(), "f") for part, value in weights.items()},
            "named": campaign.city_named,
            "nominated": campaign.city_nominated,
        }
    )


def _decision_letterhead(decision: NamingDecision) -> official.Letterhead:
    """The office's own letterhead, or the naming body's for a number not in its code."""
    campaign = decision.meeting.campaign
    letterhead = official_letterhead(campaign.office, decision.document_number)
    if not in_own_code(campaign, decision.document_number):
        # Numbered by the naming body itself (e.g. 清文明委〔2026〕3号): its mark and name.
        letterhead = dataclasses.replace(
            letterhead,
            mark=_("%(body)s文件") % {"body": decision.naming_body},
            signature=decision.naming_body,
        )
    return letterhead


def _counted(category: str, count: int) -> str:
    """How a decision counts those it names, by what they are: 4个单位, 3个县（市、区）,
    5户家庭 (as the 命名决定 of the civilization committees write it)."""
    words = {
        Category.CITY: _("%(count)d个县（市、区）"),
        Category.VILLAGE_TOWN: _("%(count)d个村镇"),
        Category.COMMUNITY: _("%(count)d个社区"),
        Category.CAMPUS: _("%(count)d所学校"),
        Category.FAMILY: _("%(count)d户家庭"),
    }
    return words.get(Category(category), _("%(count)d个单位")) % {"count": count}


def _decision_body(
    decision: NamingDecision, groups: list[_AwardGroup]
) -> tuple[official.Paragraph, ...]:
    """The body paragraphs: the grounds, what was named, the hopes, dynamic management."""
    meeting = decision.meeting
    campaign = meeting.campaign
    edition = edition_words(campaign.edition)
    named = "；".join(
        _counted(award.category, len(rows)) + _("为%(edition)s%(award)s") % {
            "edition": edition, "award": label
        }
        for label, award, rows in groups
    )  # fmt: skip
    city_rule = _city_rule(campaign, groups)
    return (
        official.Paragraph(
            _(
                "%(campaign)s工作开展以来，各地各单位坚持以社会主义核心价值观为引领，深入开展"
                "群众性精神文明创建活动，涌现出一批成绩突出的先进集体。按照有关规定，经申报推荐、"
                "测评考核、征求意见和社会公示，%(held_on)s评审会议审定，%(body)s决定："
            )
            % {
                "campaign": campaign.name,
                "held_on": date_words(meeting.held_on),
                "body": decision.naming_body,
            }
        ),
        official.Paragraph(
            _("命名%(named)s（名单见附件）。") % {"named": named}
            if groups
            else _("本次会议审定的名单中没有命名的单位。")
        ),
        *((city_rule,) if city_rule else ()),
        official.Paragraph(
            _(
                "希望受到命名的单位珍惜荣誉、再接再厉，持续巩固和深化创建成果，充分发挥示范"
                "带动作用。各地各单位要以先进为榜样，把精神文明创建工作不断引向深入。"
            )
        ),
        official.Paragraph(
            _(
                "文明称号实行动态管理。受到命名的单位发生严重违法违纪、重大安全责任事故或创建"
                "工作严重滑坡的，按规定撤销其称号。"
            )
        ),
    )


def _decision_attachment(campaign: Campaign, groups: list[_AwardGroup]) -> official.Attachment:
    """附件1: the named units, one table per award (headed only when there are several)."""
    edition = edition_words(campaign.edition)
    tables = tuple(
        official.Table(
            heading=""  # one award: the attachment's title names it
            if len(groups) == 1
            else _("%(edition)s%(award)s（%(count)d个）")
            % {"edition": edition, "award": label, "count": len(rows)},
            columns=(_("序号"), _("单位名称"), _("所在地区")),
            widths=(1, 7, 3),
            rows=tuple(
                (str(n), c.application.organization.name, c.application.organization.region.name)
                for n, c in enumerate(rows, start=1)
            ),
        )
        for label, _award, rows in groups
    )
    return official.Attachment(
        title=_("%(edition)s%(awards)s名单")
        % {"edition": edition, "awards": _labels(label for label, _a, _r in groups)},
        blocks=tables or (official.Table(columns=(_("单位名称"),), rows=(), empty_text=_("无。")),),
    )


def naming_decision(
    decision: NamingDecision, certificates: list[Certificate]
) -> official.OfficialDocument:
    """The decision: what was named, by whom and why, with the list by award as 附件1."""
    campaign = decision.meeting.campaign
    groups = _award_groups(certificates)
    return official.OfficialDocument(
        letterhead=_decision_letterhead(decision),
        title=decision_title(campaign, (label for label, _a, _rows in groups)),
        addressees=_("各县（市、区）精神文明建设委员会，各有关单位"),
        body=_decision_body(decision, groups),
        signed_on=decision.named_on,
        attachments=(_decision_attachment(campaign, groups),),
    )


# ---- every certificate in one PDF ----------------------------------------------------------


def _chunks(items: Iterable[Certificate], size: int) -> Iterator[list[Certificate]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def certificates_pdf(
    decision: NamingDecision,
    certificates: Iterable[Certificate],
    verify_url: Callable[[str], str],
    out: IO[bytes],
    *,
    chunk: int = CHUNK,
) -> int:
    """Write to ``out`` every certificate of the decision, one A4 landscape page each, in
    the given order, and return the number of pages.

    ``verify_url(code)`` is the public check's address printed and QR-coded on each.
    """
    campaign = decision.meeting.campaign
    css = font_css()

    def parts() -> Iterator[str]:
        for part in _chunks(certificates, chunk):
            items = []
            for certificate in part:
                url = verify_url(certificate.code)
                items.append(
                    {"c": certificate, "code": display(certificate.code), "verify_url": url,
                     "qr": qr_data_url(url)}
                )  # fmt: skip
            yield render_to_string(
                "committee/certificates_pdf.html",
                {"items": items, "campaign": campaign, "font_css": css},
            )

    return parts_pdf(parts(), out)
