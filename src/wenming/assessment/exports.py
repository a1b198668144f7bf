"""The ranking as documents: an Excel workbook (a sheet per award) and a PDF."""

from collections.abc import Iterator

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from wenming.documents.pdf import render_pdf
from wenming.documents.xlsx import Column, Sheet

from .selectors.ranking import AwardRanking


def ranking_sheets(campaign_name: str, awards: list[AwardRanking]) -> list[Sheet]:
    """One sheet per award: rank, name, county and the parts of the total."""
    columns = [
        Column(_("名次"), 8), Column(_("单位名称"), 36), Column(_("县市区"), 14),
        Column(_("测评得分"), 12), Column(_("指标达标得分"), 14), Column(_("特色加分"), 12),
        Column(_("减分"), 10), Column(_("总分"), 10), Column(_("同等条件优先"), 14),
    ]  # fmt: skip
    return [
        Sheet(
            f"{n}.{award.award.label}",
            columns,
            _award_rows(award),
            titles=(campaign_name, award.award.label),
        )
        for n, award in enumerate(awards, start=1)
    ]


def _award_rows(award: AwardRanking) -> Iterator[tuple[object, ...]]:
    for row in award.rows:
        result = row.result
        yield (
            result.rank or 0, result.name, row.county, result.criteria_total,
            result.threshold_total, result.bonus_total, result.deduction_total, result.total,
            result.preference,
        )  # fmt: skip


def ranking_pdf(context: dict[str, object]) -> bytes:
    """The ranking per award as a printable PDF (Chinese fonts from the system)."""
    return render_pdf(render_to_string("assessment/ranking_pdf.html", context))
