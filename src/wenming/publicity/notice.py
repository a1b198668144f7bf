"""The publicity notice (公示) as a 公文: the list, the publicity period in working days,
and how to lodge an objection, with the list as its attachment.

The notice takes its 发文字号 and its 成文日期 from the running office's register, both
from the day the office presses 发文（取号） (``notice_issue``); downloads only print.
The objection address printed is the public page's full address (``SITE_URL`` when set).
"""

from datetime import date

from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.campaigns.models import Campaign
from wenming.documents import official
from wenming.documents.style import date_words, edition_words
from wenming.registry.issuing import Printing, document_issue, printing
from wenming.registry.letterheads import letterhead_of, official_letterhead
from wenming.registry.models import DocumentKind, IssuedDocument

from .models import Publicity, PublicityEntry


def _awards(campaign: Campaign) -> str:
    return "、".join(award.label for award in campaign.awards.all())


def notice_title(campaign: Campaign) -> str:
    """关于第二十届市级文明单位拟命名名单的公示."""
    return _("关于%(edition)s%(awards)s拟命名名单的公示") % {
        "edition": edition_words(campaign.edition),
        "awards": _awards(campaign),
    }


def notice_filename(campaign: Campaign) -> str:
    return _("%(edition)s%(awards)s公示") % {
        "edition": edition_words(campaign.edition),
        "awards": _awards(campaign),
    }


def notice_printing(publicity: Publicity) -> Printing:
    """The number and 成文日期 the notice prints (both from the day it was issued)."""
    return printing(publicity.campaign.office, publicity.notice_number)


def notice_issue(*, acting_user: User, publicity: Publicity) -> IssuedDocument:
    """发文（取号） for the notice: the number's year and the 成文日期 are the same day."""
    require_perm(acting_user, "publicity.manage", publicity.campaign)
    return document_issue(
        acting_user=acting_user,
        owner=publicity,
        field="notice_number",
        office=publicity.campaign.office,
        kind=DocumentKind.PUBLICITY_NOTICE,
        title=notice_title(publicity.campaign),
    )


def _count_words(entries: list[PublicityEntry]) -> str:
    """市级文明单位12个、市级文明村镇3个: how many of each award, in the list's order."""
    counts: dict[str, int] = {}
    for entry in entries:
        label = entry.application.award.label
        counts[label] = counts.get(label, 0) + 1
    return "、".join(
        _("%(award)s%(count)d个") % {"award": label, "count": n} for label, n in counts.items()
    )


def _objection_ways(publicity: Publicity, objection_url: str) -> list[official.Paragraph]:
    """（一）online, （二）by phone and, when the office gave an address, （三）by letter."""
    ways = [
        official.Paragraph(
            _("（一）网上提出：访问%(url)s，填写异议表。") % {"url": objection_url}, level=2
        ),
        official.Paragraph(
            _("（二）电话反映：%(phone)s。") % {"phone": publicity.contact_phone}, level=2
        ),
    ]
    if publicity.contact_address:
        ways.append(
            official.Paragraph(
                _("（三）来信反映：%(address)s（以邮戳日期为准）。")
                % {"address": publicity.contact_address},
                level=2,
            )
        )
    return ways


def _notice_body(
    publicity: Publicity, entries: list[PublicityEntry], objection_url: str
) -> tuple[official.Block, ...]:
    """The body: who is proposed, 一、the period, 二、how to object, 三、the requirements."""
    campaign = publicity.campaign
    office = letterhead_of(campaign.office).signature
    return (
        official.Paragraph(
            _(
                "根据%(campaign)s工作安排，经申报推荐、测评考核和征求意见，确定%(counts)s"
                "为%(edition)s拟命名对象（名单见附件）。为广泛听取社会意见，现予以公示，"
                "接受社会监督。"
            )
            % {
                "campaign": campaign.name,
                "counts": _count_words(entries) or _("0个单位"),
                "edition": edition_words(campaign.edition),
            }
        ),
        official.Paragraph(_("一、公示时间"), level=1),
        official.Paragraph(
            _("%(starts)s至%(ends)s，共%(days)d个工作日。")
            % {
                "starts": date_words(publicity.starts_on),
                "ends": date_words(publicity.ends_on),
                "days": publicity.working_days,
            }
        ),
        official.Paragraph(_("二、异议受理方式"), level=1),
        official.Paragraph(
            _("公示期间，对公示对象有异议的，可通过以下方式向%(office)s反映：") % {"office": office}
        ),
        *_objection_ways(publicity, objection_url),
        official.Paragraph(_("三、有关要求"), level=1),
        official.Paragraph(
            _(
                "反映问题应实事求是、具体详实，并提供必要的证据线索。提倡署真实姓名和联系方式，"
                "我们将严格保密并及时核实处理；匿名或超过公示期限的反映，不予受理。"
            )
        ),
    )


def _notice_attachment(campaign: Campaign, entries: list[PublicityEntry]) -> official.Attachment:
    """The attachment: the numbered list of units proposed, with award and region."""
    return official.Attachment(
        title=_("%(edition)s%(awards)s拟命名名单")
        % {"edition": edition_words(campaign.edition), "awards": _awards(campaign)},
        blocks=(
            official.Table(
                columns=(_("序号"), _("单位名称"), _("申报项目"), _("所在地区")),
                widths=(1, 6, 3, 2.5),
                rows=tuple(
                    (
                        str(n),
                        entry.application.organization.name,
                        entry.application.award.label,
                        entry.application.organization.region.name,
                    )
                    for n, entry in enumerate(entries, start=1)
                ),
                empty_text=_("公示名单为空。"),
            ),
        ),
    )


def publicity_notice(
    publicity: Publicity,
    entries: list[PublicityEntry],
    *,
    number: str,
    on: date,
    objection_url: str,
) -> official.OfficialDocument:
    """The notice the office posts; ``entries`` in the list's order."""
    campaign = publicity.campaign
    return official.OfficialDocument(
        letterhead=official_letterhead(campaign.office, number),
        title=notice_title(campaign),
        addressees="",
        body=_notice_body(publicity, entries, objection_url),
        signed_on=on,
        attachments=(_notice_attachment(campaign, entries),),
    )
