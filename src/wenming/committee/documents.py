"""The naming documents: certificates and the honor roll (PDF), the plaque list (Excel).
The honor roll and every certificate at once are long documents, written by the task
worker through core's export jobs (``DOCUMENTS``), in parts merged with pypdf."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO

from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.campaigns.exports import campaign_filename
from wenming.documents.fonts import font_css
from wenming.documents.jobs import DocumentExport, Progress
from wenming.documents.links import public_url, qr_data_url
from wenming.documents.pdf import CHUNK_ROWS, flagged, parts_pdf, render_pdf, segments
from wenming.documents.style import edition_words
from wenming.documents.xlsx import Column, Sheet, xlsx_file

from . import decision_docs, selectors
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
    count: int


#: One line of the honor roll: the organization's name and its certificate's code.
RollLine = tuple[str, str]

#: The honor roll's pages; the numbers (``n / N``) are stamped over the merged parts.
ROLL_PAGE = "@page { size: A4; margin: 22mm 20mm 20mm; }"
ROLL_NUMBERED = (
    '@page { size: A4; margin: 22mm 20mm 20mm; @bottom-center { content: counter(page) " / " '
    "counter(pages); font-size: 9pt; color: #555; } }"
)


def roll_groups(
    lines: Iterable[tuple[str, str, str]],
) -> list[tuple[RollGroup, list[RollLine]]]:
    """``(label, name, code)`` lines grouped by what they name (an award's title, or
    提名城市), in the order first given."""
    groups: dict[str, list[RollLine]] = {}
    for label, name, code in lines:
        groups.setdefault(label, []).append((name, code))
    return [(RollGroup(label, len(rows)), rows) for label, rows in groups.items()]


def honor_roll_export(user: User, query: QueryDict) -> DocumentExport:
    """The honor roll (光荣册) of the decision ``query["decision"]`` as a background
    document: the named organizations grouped by award, ``CHUNK_ROWS`` lines per
    WeasyPrint run, numbered across the whole."""
    decision = _decision_of(user, query)
    rows = selectors.certificates().filter(decision=decision)

    def write(handle: IO[bytes], progress: Progress) -> int:
        # Plain values, not model objects: a province names thousands.
        lines = (
            (c.title.label, c.application.organization.name, c.code)
            for c in rows.iterator(chunk_size=500)
        )
        groups = roll_groups(lines)
        css = font_css()
        context = {"decision": decision, "campaign": decision.meeting.campaign,
                   "font_css": css, "page_css": ROLL_PAGE}  # fmt: skip
        done = 0

        def parts() -> Iterator[str]:
            nonlocal done
            packed = segments(groups, CHUNK_ROWS)
            for part, first, _last in flagged(packed if groups else iter([[]])):
                yield render_to_string(
                    "committee/honor_roll_pdf.html", context | {"segments": part, "first": first}
                )
                done += sum(len(s.rows) for s in part)
                progress(done)

        parts_pdf(parts(), handle, page_css=ROLL_NUMBERED, font_css=css)
        return done

    name = campaign_filename(decision.meeting.campaign, _("光荣册"), "pdf")
    return DocumentExport(filename=name, count=rows.count(), write=write)


def plaques_xlsx(decision: NamingDecision, certificates: list[Certificate]) -> bytes:
    """The plaque list (奖牌): one row per plaque to make, written in constant memory to a
    temporary file by the one Excel writer."""
    columns = [Column(_("序号"), 6), Column(_("单位名称"), 36), Column(_("奖牌内容"), 36),
               Column(_("届次"), 18), Column(_("命名机关"), 18), Column(_("命名文号"), 18),
               Column(_("证书验证码"), 18)]  # fmt: skip
    rows = (
        (n, c.application.organization.name, c.title.label, edition_words(c.title.edition),
         c.title.naming_body, c.title.document_number, display(c.code))
        for n, c in enumerate(certificates, start=1)
    )  # fmt: skip
    sheet = Sheet(_("奖牌"), columns, rows, titles=(decision.meeting.campaign.name,))
    with xlsx_file([sheet]) as handle:
        return handle.read()


class _Site:
    """The address the certificates print when SITE_URL is empty: the host the office
    used when it asked for them (the worker has no request)."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")

    def build_absolute_uri(self, location: str | None = None) -> str:
        return self.base + (location or "/")


def _decision_of(user: User, query: QueryDict) -> NamingDecision:
    """The decision ``query["decision"]``, for whoever may see its meeting."""
    try:
        pk = int(query.get("decision", ""))
    except ValueError:
        raise Http404 from None
    decision = get_object_or_404(
        NamingDecision.objects.select_related("meeting__campaign__office"), pk=pk
    )
    require_perm(user, "committee.view_meeting", decision.meeting.campaign)
    return decision


def certificates_export(user: User, query: QueryDict) -> DocumentExport:
    """打印全部证书 as a background document: every certificate of the decision
    ``query["decision"]`` in one PDF, for whoever may see the meeting."""
    decision = _decision_of(user, query)
    rows = selectors.certificates().filter(decision=decision)
    site = _Site(query.get("site", "")) if query.get("site") else None

    def verify_url(code: str) -> str:
        return public_url(reverse("committee:verify", args=[code]), site)

    def write(handle: IO[bytes], progress: Progress) -> int:
        done = 0

        def counted(items: Iterable[Certificate]) -> Iterator[Certificate]:
            nonlocal done
            for item in items:
                yield item
                done += 1
                if done % decision_docs.CHUNK == 0:
                    progress(done)

        decision_docs.certificates_pdf(
            decision,
            counted(rows.iterator(chunk_size=200)),
            verify_url,
            handle,
            chunk=decision_docs.CHUNK,
        )
        return done

    name = _("%(edition)s荣誉证书（全部）.pdf") % {
        "edition": edition_words(decision.meeting.campaign.edition)
    }
    return DocumentExport(filename=name, count=rows.count(), write=write)
