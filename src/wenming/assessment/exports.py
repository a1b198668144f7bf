"""The ranking as documents (an Excel workbook, a sheet per award, and a PDF), and the
assessment lists as Excel: questionnaire rates and every assessor's marks. Core's
export jobs reach them by name (``wenming.core.exports``): the Excel streams from the
ranking's row iterators, the PDF is rendered in parts and merged."""

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import IO

from django.db.models import QuerySet
from django.http import Http404, QueryDict
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.campaigns.exports import campaign_filename
from wenming.campaigns.models import Application, Campaign
from wenming.documents.fonts import font_css
from wenming.documents.jobs import DocumentExport, Progress
from wenming.documents.pdf import CHUNK_ROWS, flagged, parts_pdf, segments
from wenming.documents.xlsx import Column, ListExport, Sheet
from wenming.domain.style import percent_text

from .charts import histogram
from .models import Mark, MarkMethod
from .population import ASSESSABLE, SCORED
from .selectors import ranking as ranking_reads
from .selectors import ranking_pages
from .selectors.ranking_pages import AwardTable, Line
from .thresholds import QUESTIONS, questionnaire_results


def ranking_sheets(campaign_name: str, tables: list[AwardTable]) -> list[Sheet]:
    """One sheet per award: rank, name, county and the parts of the total, each award's
    rows read lazily from the database while its sheet is written."""
    columns = [
        Column(_("名次"), 8), Column(_("单位名称"), 36), Column(_("县市区"), 14),
        Column(_("测评得分"), 12), Column(_("指标达标得分"), 14), Column(_("特色加分"), 12),
        Column(_("减分"), 10), Column(_("总分"), 10), Column(_("同等条件优先"), 14),
    ]  # fmt: skip
    return [
        Sheet(
            f"{n}.{table.award.label}",
            columns,
            _award_rows(table.rows),
            titles=(campaign_name, table.award.label),
        )
        for n, table in enumerate(tables, start=1)
    ]


def _award_rows(lines: Iterable[Line]) -> Iterator[tuple[object, ...]]:
    for line in lines:
        yield (
            line.rank or 0, line.name, line.county, line.criteria_total, line.threshold_total,
            line.bonus_total, line.deduction_total, line.total, line.preference,
        )  # fmt: skip


def ranking_export(user: User, params: QueryDict) -> ListExport:
    """The ranking as Excel (``?campaign=``), a sheet per award, streamed from the rows."""
    campaign = _managed(user, params)
    tables = ranking_pages.tables(campaign)
    return ListExport(
        filename=campaign_filename(campaign, _("测评排名"), "xlsx"),
        count=sum(t.ranked for t in tables),
        sheets=ranking_sheets(campaign.name, tables),
    )


#: The ranking's pages; the numbers (``n / N``) are stamped over the merged parts.
RANKING_PAGE = "@page { size: A4; margin: 18mm 15mm; }"
RANKING_NUMBERED = (
    '@page { size: A4; margin: 18mm 15mm; @bottom-center { content: counter(page) " / " '
    "counter(pages); font-size: 9pt; } }"
)


def _closing(campaign: Campaign, tables: list[AwardTable]) -> dict[str, object]:
    """What the ranking PDF ends with: the statistics and the distribution charts."""
    by_award, by_county = ranking_pages.totals(campaign)
    return {
        "stats": ranking_reads.statistics(campaign),
        "award_charts": [histogram(t.award.label, by_award.get(t.award.pk, [])) for t in tables],
        "county_charts": [histogram(name, totals) for name, totals in sorted(by_county.items())],
    }


def ranking_document(user: User, params: QueryDict) -> DocumentExport:
    """The ranking as a printable PDF (``?campaign=``), ``CHUNK_ROWS`` rows per WeasyPrint
    run: each award's table continues across parts, its page numbers across the whole."""
    campaign = _managed(user, params)
    tables = ranking_pages.tables(campaign)
    version = ranking_reads.current(campaign)

    def write(handle: IO[bytes], progress: Progress) -> int:
        css = font_css()
        context = {"campaign": campaign, "font_css": css, "page_css": RANKING_PAGE,
                   "computed_at": version.computed_at if version else None}  # fmt: skip
        done = 0

        def parts() -> Iterator[str]:
            nonlocal done
            packed = segments(((t, t.rows) for t in tables), CHUNK_ROWS)
            for part, first, last in flagged(packed if tables else iter([[]])):
                extra = _closing(campaign, tables) if last else {}
                part_context = context | extra | {"segments": part, "first": first, "last": last}
                yield render_to_string("assessment/ranking_pdf.html", part_context)
                done += sum(len(s.rows) for s in part)
                progress(done)

        parts_pdf(parts(), handle, page_css=RANKING_NUMBERED, font_css=css)
        return done

    return DocumentExport(
        filename=campaign_filename(campaign, _("测评排名"), "pdf"),
        count=sum(t.ranked for t in tables),
        write=write,
    )


# ---- list exports -------------------------------------------------------------------------


def _managed(user: User, params: QueryDict) -> Campaign:
    try:
        campaign = Campaign.objects.select_related("office").get(pk=int(params.get("campaign", "")))
    except (ValueError, Campaign.DoesNotExist):
        raise Http404 from None
    require_perm(user, "campaigns.manage_campaign", campaign)
    return campaign


def _award_of(params: QueryDict) -> int | None:
    value = params.get("award", "")
    return int(value) if value.isdigit() else None


def assessable_applications(campaign: Campaign, params: QueryDict) -> QuerySet[Application]:
    """The questionnaire page's applicants (under assessment, of awards marked by points:
    a family or a county takes no questionnaire here), narrowed by award; the page and
    its export share it."""
    rows = Application.objects.filter(SCORED, campaign=campaign, status__in=ASSESSABLE)
    if (award := _award_of(params)) is not None:
        rows = rows.filter(award_id=award)
    return rows.order_by("award_id", "organization__name")


def questionnaire_rates_export(user: User, params: QueryDict) -> ListExport:
    campaign = _managed(user, params)
    applications = assessable_applications(campaign, params)
    awards = {a.pk: a.label for a in campaign.awards.all()}
    keys = list(QUESTIONS)
    headers = [_("群众满意度"), _("职工参与率"), _("职工满意率"), _("职工支持率"), _("职工知晓率")]
    columns = [Column(_("单位名称"), 34), Column(_("申报称号"), 20)]
    for header in headers:
        columns += [Column(header, 12), Column(_("%(what)s答卷") % {"what": header}, 14)]
    values = applications.values_list("pk", "organization__name", "award_id")
    results = questionnaire_results(campaign_id=campaign.pk)

    def lines() -> Iterator[tuple[object, ...]]:
        for pk, name, award in values.iterator(2000):
            mine = results.get(pk, {})
            line: list[object] = [name, awards.get(award, "")]
            for key in keys:
                r = mine.get(key)
                if r is None:
                    line += [_("无法计算"), ""]
                else:
                    ratio = Decimal(r.positive) / Decimal(r.respondents)
                    line += [percent_text(ratio), f"{r.positive}/{r.respondents}"]
            yield tuple(line)

    return ListExport(
        filename=campaign_filename(campaign, _("问卷调查结果"), "xlsx"),
        count=applications.count(),
        sheets=[Sheet(_("问卷调查结果"), columns, lines(), titles=(campaign.name,))],
    )


def mark_filter(campaign: Campaign, params: QueryDict) -> QuerySet[Mark]:
    """Every assessor's marks of the campaign, narrowed by round and award."""
    rows = Mark.objects.filter(round__campaign=campaign)
    value = params.get("round", "")
    if value.isdigit():
        rows = rows.filter(round_id=int(value))
    if (award := _award_of(params)) is not None:
        rows = rows.filter(application__award_id=award)
    return rows.order_by("round_id", "application__organization__name", "clause_key", "id")


def marks_export(user: User, params: QueryDict) -> ListExport:
    campaign = _managed(user, params)
    rows = mark_filter(campaign, params)
    methods = dict(MarkMethod.choices)
    columns = [
        Column(_("测评轮次"), 18), Column(_("单位名称"), 34), Column(_("测评人员"), 14),
        Column(_("评分要点"), 10), Column(_("考评方法"), 10), Column(_("得分"), 8),
        Column(_("评分时间"), 20),
    ]  # fmt: skip
    values = rows.values_list(
        "round__name",
        "application__organization__name",
        "assessor__display_name",
        "assessor__username",
        "clause_key",
        "method",
        "points",
        "updated_at",
    )

    def lines() -> Iterator[tuple[object, ...]]:
        for round_name, name, person, login, clause, method, points, at in values.iterator(2000):
            yield (
                round_name, name, person or login, clause, str(methods.get(method, method)),
                points, at,
            )  # fmt: skip

    return ListExport(
        filename=campaign_filename(campaign, _("测评打分明细"), "xlsx"),
        count=rows.count(),
        sheets=[Sheet(_("测评打分明细"), columns, lines(), titles=(campaign.name,))],
    )
