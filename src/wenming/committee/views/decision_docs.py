"""Downloads of the naming decision (命名决定) as a 公文, and of every certificate of a
decision in one PDF for the print shop."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.documents.issuing import official_response

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
    """Every certificate of the decision in one PDF, one page each (打印全部证书): long
    work, so it is the task worker's; this leads to the page that starts it."""
    decision = _decision(request, pk)
    target = reverse("exports:document", args=["certificates"])
    return redirect(f"{target}?{urlencode({'decision': decision.pk})}")
