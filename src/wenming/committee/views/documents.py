"""Downloads of the committee's documents: the meeting's papers, a certificate, the honor
roll, the plaque list."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.registry.scopes import scope_of

from .. import documents, selectors
from ..models import Meeting, NamingDecision
from ..papers import papers_pdf

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(body: bytes, content_type: str, filename: str, inline: bool = True) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    how = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{how}; filename="{filename}"'
    return response


@login_required
def certificate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cert = get_object_or_404(
        selectors.certificates().select_related("decision__meeting__campaign"), pk=pk
    )
    campaign = cert.decision.meeting.campaign
    # The applicant may download its own certificate too.
    own = cert.application.organization_id in scope_of(request.user).organization_ids
    if not own:
        require_perm(request.user, "committee.view_meeting", campaign)
    url = request.build_absolute_uri(reverse("committee:verify", args=[cert.code]))
    body = documents.certificate_pdf(cert, url)
    return _file(body, "application/pdf", f"certificate-{cert.code}.pdf")


def _decision(request: AuthenticatedRequest, pk: int) -> NamingDecision:
    decision = get_object_or_404(
        NamingDecision.objects.select_related("meeting__campaign__office"), pk=pk
    )
    require_perm(request.user, "committee.view_meeting", decision.meeting.campaign)
    return decision


@login_required
def honor_roll(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    rows = list(selectors.certificates().filter(decision=decision))
    body = documents.honor_roll_pdf(decision, rows)
    return _file(body, "application/pdf", f"honor-roll-{decision.meeting.campaign.edition}.pdf")


@login_required
def plaques(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    rows = list(selectors.certificates().filter(decision=decision))
    body = documents.plaques_xlsx(decision, rows)
    name = f"plaques-{decision.meeting.campaign.edition}.xlsx"
    return _file(body, XLSX, name, inline=False)


@login_required
def papers(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The meeting's papers (会议材料): the list and every appeal with its answer."""
    meeting = get_object_or_404(Meeting.objects.select_related("campaign__office"), pk=pk)
    require_perm(request.user, "committee.view_meeting", meeting.campaign)
    return _file(papers_pdf(meeting), "application/pdf", f"papers-{meeting.pk}.pdf")
