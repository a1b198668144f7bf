"""The naming documents: certificates and the honor roll (PDF), the plaque list (Excel)."""

import io
from dataclasses import dataclass
from itertools import groupby

import xlsxwriter
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from wenming.documents.excel import neutralize
from wenming.documents.fonts import font_css
from wenming.documents.links import qr_data_url
from wenming.documents.pdf import render_pdf
from wenming.documents.style import edition_words

from .codes import display
from .models import Certificate, NamingDecision


def certificate_pdf(certificate: Certificate, verify_url: str) -> bytes:
    """One certificate, A4 landscape, with its verification code and QR code."""
    html = render_to_string(
        "committee/certificate_pdf.html",
        {
            "c": certificate,
            "campaign": certificate.decision.meeting.campaign,
            "code": display(certificate.code),
            "verify_url": verify_url,
            "qr": qr_data_url(verify_url),
            "font_css": font_css(),
        },
    )
    return render_pdf(html)


@dataclass(frozen=True)
class RollGroup:
    label: str
    certificates: list[Certificate]


def roll_groups(certificates: list[Certificate]) -> list[RollGroup]:
    """Certificates grouped by award, in the order given."""
    return [
        RollGroup(label, list(rows))
        for label, rows in groupby(certificates, key=lambda c: c.application.award.label)
    ]


def honor_roll_pdf(decision: NamingDecision, certificates: list[Certificate]) -> bytes:
    """The honor roll (光荣册): the named organizations grouped by award."""
    html = render_to_string(
        "committee/honor_roll_pdf.html",
        {
            "decision": decision,
            "campaign": decision.meeting.campaign,
            "groups": roll_groups(certificates),
            "font_css": font_css(),
        },
    )
    return render_pdf(html)


def plaques_xlsx(decision: NamingDecision, certificates: list[Certificate]) -> bytes:
    """The plaque list (奖牌): one row per plaque to make, in constant memory."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": True})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet(_("奖牌"))
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 2, 36)
    sheet.set_column(3, 6, 18)
    sheet.write_string(0, 0, neutralize(decision.meeting.campaign.name), bold)
    headers = [_("序号"), _("单位名称"), _("奖牌内容"), _("届次"), _("命名机关"),
               _("命名文号"), _("证书验证码")]  # fmt: skip
    for col, header in enumerate(headers):
        sheet.write_string(1, col, header, bold)
    for row, c in enumerate(certificates, start=2):
        sheet.write_number(row, 0, row - 1)
        sheet.write_string(row, 1, neutralize(c.application.organization.name))
        sheet.write_string(row, 2, neutralize(c.title.label))
        sheet.write_string(row, 3, edition_words(c.title.edition))
        sheet.write_string(row, 4, neutralize(c.title.naming_body))
        sheet.write_string(row, 5, neutralize(c.title.document_number))
        sheet.write_string(row, 6, display(c.code))
    book.close()
    return out.getvalue()
