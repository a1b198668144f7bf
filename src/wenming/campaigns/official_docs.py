"""The campaign's 公文: the recommending unit's recommendation report (推荐报告) and the
running office's quota notice (名额通知), as ``OfficialDocument`` for the one builder.

Numbers come from the office's register when the office presses 发文（取号）
(``report_issue``, ``quota_issue`` → ``wenming.registry.issuing.document_issue``); a
download only prints. A supervising body has no register of its own here, so its report
heads with the body's name and goes out unnumbered.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record
from wenming.documents import official
from wenming.documents.style import edition_words
from wenming.domain.style import score_text
from wenming.registry.issuing import Printing, document_issue, may_issue, printing
from wenming.registry.letterheads import letterhead_of, official_letterhead
from wenming.registry.models import DocumentKind, IssuedDocument

from .models import Award, Campaign, Quota, Recommendation
from .selectors.review import ReportAward, ReportForm, Unit, report_contents


def _award_words(campaign: Campaign) -> str:
    return "、".join(award.label for award in campaign.awards.all())


def report_filename(campaign: Campaign) -> str:
    """第二十届市级文明单位推荐报告 (the extension is the format's)."""
    return _("%(edition)s%(awards)s推荐报告") % {
        "edition": edition_words(campaign.edition),
        "awards": _award_words(campaign),
    }


def report_title(campaign: Campaign) -> str:
    return _("关于推荐%(edition)s%(awards)s的报告") % {
        "edition": edition_words(campaign.edition),
        "awards": _award_words(campaign),
    }


def _unit_letterhead(unit: Unit, number: str) -> official.Letterhead:
    if unit.region is not None:
        return official_letterhead(unit.region, number)
    name = unit.name
    return official.Letterhead(
        mark=_("%(name)s文件") % {"name": name}, number="", signature=name, printer=name
    )


def report_number(campaign: Campaign, unit: Unit) -> str:
    """The report's stored 发文字号 ("" before it is issued, and always for a body)."""
    if unit.region is None:
        return ""
    recommendation = Recommendation.objects.filter(
        campaign=campaign, region=unit.region, body=None
    ).first()
    return recommendation.report_number if recommendation else ""


def report_printing(campaign: Campaign, unit: Unit) -> Printing:
    """The number and 成文日期 a download of the report prints."""
    if unit.region is None:
        return Printing(number="", signed_on=timezone.localdate())
    return printing(unit.region, report_number(campaign, unit))


def report_issue(*, acting_user: User, campaign: Campaign, unit: Unit) -> IssuedDocument:
    """发文（取号） for a county office's report: its Recommendation (created here, audited,
    when the office has recommended nothing yet) takes the office's next number."""
    if unit.region is None:
        raise ValidationError(_("主管部门的推荐报告不在本系统编号，请按本部门规定编号。"))
    if not may_issue(acting_user, unit.region):
        raise PermissionDenied
    with transaction.atomic():
        recommendation, created = Recommendation.objects.get_or_create(
            campaign=campaign,
            region=unit.region,
            body=None,
            defaults={"responsible_person": "", "responsible_user": acting_user},
        )
        if created:
            audit_record(
                actor=acting_user,
                action="recommendation.create",
                obj=campaign,
                after={"unit": str(unit.region)},
            )
        return document_issue(
            acting_user=acting_user,
            owner=recommendation,
            field="report_number",
            office=unit.region,
            kind=DocumentKind.RECOMMENDATION_REPORT,
            title=report_title(campaign),
        )


def _report_list(awards: list[ReportAward]) -> tuple[list[tuple[str, ...]], list[str]]:
    """The 推荐名单 rows (recommended, then alternates, per award) and the count words per
    award for the body (推荐文明单位3个（另备选1个）)."""
    rows: list[tuple[str, ...]] = []
    counts = []
    for entry in awards:
        for status, applications in ((_("推荐"), entry.recommended), (_("备选"), entry.alternates)):
            for order, application in enumerate(applications, start=1):
                rows.append(
                    (
                        str(len(rows) + 1),
                        application.organization.name,
                        entry.award.label,
                        f"{status}{application.rank or order}",
                        str((application.eligibility or {}).get("text", "")) or "—",
                    )
                )
        words = _("%(award)s%(count)d个") % {
            "award": entry.award.label,
            "count": len(entry.recommended),
        }
        if entry.alternates:
            words += _("（另备选%(count)d个）") % {"count": len(entry.alternates)}
        counts.append(words)
    return rows, counts


def _report_body(
    campaign: Campaign,
    counts: list[str],
    *,
    has_forms: bool,
    recommendation: Recommendation | None,
) -> list[official.Block]:
    """The report's paragraphs: the recommendation made, then the responsibility for it."""
    body: list[official.Block] = [
        official.Paragraph(
            _(
                "根据%(campaign)s工作安排，我单位对收到的申报材料逐一审核，按照名额和推荐"
                "条件确定了推荐名单。现将推荐情况报告如下。"
            )
            % {"campaign": campaign.name}
        ),
        official.Paragraph(_("一、推荐情况"), level=1),
    ]
    if counts:
        # One attachment is named without a number (GB/T 9704-2012 7.3.5).
        where = _("名单见附件1，各单位自评情况见附件2") if has_forms else _("名单见附件")
        body.append(
            official.Paragraph(
                _("共推荐%(counts)s，%(where)s。") % {"counts": "、".join(counts), "where": where}
            )
        )
    else:
        body.append(official.Paragraph(_("本次未推荐任何单位。")))
    body.append(official.Paragraph(_("二、推荐责任"), level=1))
    person = recommendation.responsible_person if recommendation else ""
    body.append(
        official.Paragraph(
            _("按照“谁推荐、谁负责”的要求，我单位对所推荐单位申报材料的真实性负责。")
            + (_("推荐责任人：%(person)s。") % {"person": person} if person else "")
        )
    )
    body.append(official.Paragraph(_("特此报告。")))
    return body


def _report_attachments(
    rows: list[tuple[str, ...]], forms: list[ReportForm]
) -> list[official.Attachment]:
    """附件1 the list; 附件2, when anything was recommended, each one's self-assessment."""
    attachments = [
        official.Attachment(
            title=_("推荐名单"),
            blocks=(
                official.Table(
                    columns=(_("序号"), _("单位名称"), _("申报项目"), _("推荐顺序"), _("申报资格")),
                    rows=tuple(rows),
                    widths=(1.6, 6, 3, 2.4, 4),
                    empty_text=_("尚未推荐任何单位。"),
                ),
            ),
        )
    ]
    if forms:
        attachments.append(
            official.Attachment(
                title=_("推荐单位自评情况"),
                blocks=tuple(_self_assessment(n, form) for n, form in enumerate(forms, start=1)),
            )
        )
    return attachments


def _self_assessment(n: int, form: ReportForm) -> official.Table:
    """One recommended organization's self-marks, clause by clause."""
    return official.Table(
        heading=_("%(n)d. %(name)s（%(award)s，自评总分%(total)s）")
        % {
            "n": n,
            "name": form.application.organization.name,
            "award": form.application.award.label,
            "total": score_text(form.self_total),
        },
        columns=(_("评分要点"), _("考评标准"), _("分值"), _("自评分")),
        widths=(2.8, 16, 1.9, 2.6),
        rows=tuple(
            (
                mark["key"],
                mark["text"],
                score_text(mark["points"]),
                score_text(mark["mark"]) if mark["mark"] is not None else "—",
            )
            for mark in form.marks
        ),
    )


def recommendation_report(
    campaign: Campaign, unit: Unit, *, number: str, on: date
) -> official.OfficialDocument:
    """The unit's report to the running office: what it recommends, the list as 附件1 and
    each recommended organization's self-assessment as 附件2."""
    contents = report_contents(campaign, unit)
    forms: list[ReportForm] = contents["forms"]
    rows, counts = _report_list(contents["awards"])
    body = _report_body(
        campaign, counts, has_forms=bool(forms), recommendation=contents["recommendation"]
    )
    return official.OfficialDocument(
        letterhead=_unit_letterhead(unit, number),
        title=report_title(campaign),
        addressees=letterhead_of(campaign.office).signature,
        body=tuple(body),
        signed_on=on,
        attachments=tuple(_report_attachments(rows, forms)),
    )


# ---- the quota notice ----------------------------------------------------------------------


def quota_filename(campaign: Campaign) -> str:
    return _("%(edition)s%(awards)s名额通知") % {
        "edition": edition_words(campaign.edition),
        "awards": _award_words(campaign),
    }


def quota_title(campaign: Campaign) -> str:
    return _("关于下达%(edition)s%(awards)s推荐名额的通知") % {
        "edition": edition_words(campaign.edition),
        "awards": _award_words(campaign),
    }


def quota_printing(campaign: Campaign) -> Printing:
    return printing(campaign.office, campaign.quota_notice_number)


def quota_issue(*, acting_user: User, campaign: Campaign) -> IssuedDocument:
    """发文（取号） for the quota notice, from the running office's register."""
    require_perm(acting_user, "campaigns.manage_campaign", campaign)
    return document_issue(
        acting_user=acting_user,
        owner=campaign,
        field="quota_notice_number",
        office=campaign.office,
        kind=DocumentKind.QUOTA_NOTICE,
        title=quota_title(campaign),
    )


def _quota_unit(campaign: Campaign, quota: Quota) -> Unit:
    return Unit(
        region=quota.region,
        body=quota.body,
        direct=quota.region_id is not None and quota.region_id == campaign.office_id,
    )


def _quota_table(
    campaign: Campaign, awards: list[Award]
) -> tuple[tuple[tuple[str, ...], ...], list[int], str]:
    """The 推荐名额分配表 rows (with a 合计 row when any), the places per award, and the
    addressees the units make (各县（市、区）文明办，各有关单位)."""
    quotas = list(
        Quota.objects.filter(award__campaign=campaign)
        .select_related("region", "body")
        # The offices by region code, then the bodies by name (NULLs first on every database).
        .order_by(F("body_id").asc(nulls_first=True), "region__code", "body__name", "id")
    )
    table: dict[str, dict[int, int]] = {}
    regions = bodies = False
    for quota in quotas:
        unit = _quota_unit(campaign, quota)
        regions = regions or (quota.region_id is not None and not unit.direct)
        bodies = bodies or quota.body_id is not None
        table.setdefault(unit.name, {})[quota.award_id] = quota.places
    rows = tuple(
        (
            str(n),
            name,
            *(str(places.get(award.pk, 0)) for award in awards),
            str(sum(places.values())),
        )
        for n, (name, places) in enumerate(table.items(), start=1)
    )
    totals = [sum(places.get(award.pk, 0) for places in table.values()) for award in awards]
    if rows:
        rows += (("", _("合计"), *(str(t) for t in totals), str(sum(totals))),)
    addressees = "，".join(
        part
        for part, present in (
            (_("各县（市、区）文明办"), regions),
            (_("各有关单位"), bodies),
        )
        if present
    )
    return rows, totals, addressees


def _quota_body(
    campaign: Campaign, awards: list[Award], totals: list[int]
) -> tuple[official.Block, ...]:
    """The notice's paragraphs: the places in all, then what the units must keep to."""
    total_words = "、".join(
        _("%(award)s%(count)d个") % {"award": award.label, "count": count}
        for award, count in zip(awards, totals, strict=True)
        if count
    )
    return (
        official.Paragraph(
            _("根据%(campaign)s工作安排，经研究，现将各推荐单位的推荐名额下达给你们（见附件）。")
            % {"campaign": campaign.name}
        ),
        official.Paragraph(_("一、名额总数"), level=1),
        official.Paragraph(
            _("本届共下达推荐名额：%(words)s。") % {"words": total_words or _("无")}
        ),
        official.Paragraph(_("二、工作要求"), level=1),
        official.Paragraph(
            _(
                "各推荐单位须在名额内按推荐顺序推荐，不得超出名额；确需调整名额的，"
                "请书面说明理由报我办。按照“谁推荐、谁负责”的要求，推荐单位对所推荐单位"
                "申报材料的真实性负责。"
            )
        ),
    )


def quota_notice(campaign: Campaign, *, number: str, on: date) -> official.OfficialDocument:
    """Each recommending unit's places per award, as the 附件1 table."""
    awards = list(campaign.awards.all())
    rows, totals, addressees = _quota_table(campaign, awards)
    return official.OfficialDocument(
        letterhead=official_letterhead(campaign.office, number),
        title=quota_title(campaign),
        addressees=addressees or _("各推荐单位"),
        body=_quota_body(campaign, awards, totals),
        signed_on=on,
        attachments=(
            official.Attachment(
                title=_("推荐名额分配表"),
                blocks=(
                    official.Table(
                        columns=(
                            _("序号"),
                            _("推荐单位"),
                            *(award.label for award in awards),
                            _("合计"),
                        ),
                        rows=rows,
                        empty_text=_("尚未分配名额。"),
                    ),
                ),
            ),
        ),
    )
