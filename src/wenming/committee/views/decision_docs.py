"""Downloads of the naming decision (命名决定) as a 公文, and of every certificate of a
decision in one PDF for the print shop."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.documents.downloads import content_disposition
from wenming.documents.issuing import official_response
from wenming.documents.links import public_url
from wenming.documents.style import edition_words

from .. import decision_docs, selectors
from ..models import NamingDecision


def _decision(request: AuthenticatedRequest, pk: int) -> NamingDecision:
    decision = get_object_or_404(
        NamingDecision.objects.select_related("meeting__campaign__office"), pk=pk
    )
    require_perm(request.user, "committee.view_meeting", decision.meeting.campaign)
    return decision


@login_required
def decision_document(request: AuthenticatedRequest, pk: int, fmt: str) -> HttpResponse:
    """The naming decision, Word or PDF, with the named list by award as 附件1."""
    decision = _decision(request, pk)
    rows = list(
        selectors.certificates()
        .filter(decision=decision)
        .select_related("application__organization__region")
    )
    doc = decision_docs.naming_decision(decision, rows)
    return official_response(doc, decision_docs.decision_filename(decision, rows), fmt)


@login_required
def all_certificates(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Every certificate of the decision in one PDF, one page each (打印全部证书)."""
    decision = _decision(request, pk)
    rows = selectors.certificates().filter(decision=decision).iterator(chunk_size=200)

    def verify_url(code: str) -> str:
        return public_url(reverse("committee:verify", args=[code]), request)

    body = decision_docs.certificates_pdf(decision, rows, verify_url)
    response = HttpResponse(body, content_type="application/pdf")
    name = _("%(edition)s荣誉证书（全部）.pdf") % {
        "edition": edition_words(decision.meeting.campaign.edition)
    }
    response["Content-Disposition"] = content_disposition(name)
    return response
