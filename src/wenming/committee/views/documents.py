"""Downloads of the committee's documents: the meeting's papers, a certificate, the plaque
list; the honor roll leads to its background job."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.campaigns.exports import campaign_filename
from wenming.documents.downloads import content_disposition
from wenming.documents.links import public_url
from wenming.documents.style import edition_words
from wenming.registry.scopes import scope_of

from .. import documents, selectors
from ..models import Meeting, NamingDecision
from ..papers import papers_pdf

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(body: bytes, content_type: str, filename: str, inline: bool = True) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
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
    url = public_url(reverse("committee:verify", args=[cert.code]), request)
    body = documents.certificate_pdf(cert, url)
    name = _("%(organization)s%(title)s证书.pdf") % {
        "organization": cert.application.organization.name,
        "title": edition_words(cert.title.edition) + cert.title.label,
    }
    return _file(body, "application/pdf", name)


def _decision(request: AuthenticatedRequest, pk: int) -> NamingDecision:
    decision = get_object_or_404(
        NamingDecision.objects.select_related("meeting__campaign__office"), pk=pk
    )
    require_perm(request.user, "committee.view_meeting", decision.meeting.campaign)
    return decision


@login_required
def honor_roll(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    """The honor roll (光荣册): a long document, so the task worker's; this leads to the
    page that starts it."""
    decision = _decision(request, pk)
    target = reverse("exports:document", args=["honor-roll"])
    return redirect(f"{target}?{urlencode({'decision': decision.pk})}")


@login_required
def plaques(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    rows = list(selectors.certificates().filter(decision=decision))
    body = documents.plaques_xlsx(decision, rows)
    name = campaign_filename(decision.meeting.campaign, _("牌匾制作清单"), "xlsx")
    return _file(body, XLSX, name, inline=False)


@login_required
def papers(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The meeting's papers (会议材料): the list and every appeal with its answer."""
    meeting = get_object_or_404(Meeting.objects.select_related("campaign__office"), pk=pk)
    require_perm(request.user, "committee.view_meeting", meeting.campaign)
    name = campaign_filename(meeting.campaign, _("评审会议材料"), "pdf")
    return _file(papers_pdf(meeting), "application/pdf", name)
