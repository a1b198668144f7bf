"""The ranking as documents: an Excel workbook (a sheet per award) and a PDF."""

import io
from decimal import Decimal

import xlsxwriter
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from wenming.documents.excel import neutralize
from wenming.documents.pdf import render_pdf
from wenming.domain.scoring import quantize2

from .selectors.ranking import AwardRanking


def _text(value: object) -> str:
    return neutralize(str(value))


def _number(value: Decimal) -> float:
    # Written as the two-decimal figure the pages show, so the sheet reads the same.
    return float(quantize2(value))


def ranking_workbook(campaign_name: str, awards: list[AwardRanking]) -> bytes:
    """One sheet per award: rank, name, county and the parts of the total."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": True})
    bold = book.add_format({"bold": True})
    cents = book.add_format({"num_format": "0.00"})
    headers = [
        _("名次"), _("单位名称"), _("县市区"), _("测评得分"), _("指标达标得分"),
        _("特色加分"), _("减分"), _("总分"), _("同等条件优先"),
    ]  # fmt: skip
    for n, award in enumerate(awards, start=1):
        # Sheet names: at most 31 characters, unique, none of []:*?/\.
        sheet = book.add_worksheet(f"{n}.{award.award.label}"[:31])
        sheet.write_string(0, 0, _text(campaign_name), bold)
        sheet.write_string(1, 0, _text(award.award.label), bold)
        for col, header in enumerate(headers):
            sheet.write_string(2, col, header, bold)
        for i, row in enumerate(award.rows, start=3):
            result = row.result
            sheet.write_number(i, 0, result.rank or 0)
            sheet.write_string(i, 1, _text(result.name))
            sheet.write_string(i, 2, _text(row.county))
            for col, value in enumerate(
                (result.criteria_total, result.threshold_total, result.bonus_total,
                 result.deduction_total, result.total),
                start=3,
            ):  # fmt: skip
                sheet.write_number(i, col, _number(value), cents)
            sheet.write_number(i, 8, result.preference)
        sheet.set_column(1, 1, 36)
    book.close()
    return out.getvalue()


def ranking_pdf(context: dict[str, object]) -> bytes:
    """The ranking per award as a printable PDF (Chinese fonts from the system)."""
    return render_pdf(render_to_string("assessment/ranking_pdf.html", context))
