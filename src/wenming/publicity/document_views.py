"""The publicity notice (公示) for the office running the campaign: 发文（取号） (a POST)
and the download, Word or PDF, which only prints."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.documents.issuing import official_response
from wenming.documents.links import public_url

from . import notice
from .models import Publicity


@login_required
def notice_document(request: AuthenticatedRequest, pk: int, fmt: str) -> HttpResponse:
    publicity = get_object_or_404(Publicity.objects.select_related("campaign__office"), pk=pk)
    require_perm(request.user, "publicity.manage", publicity.campaign)
    entries = list(
        publicity.entries.select_related(
            "application__organization__region", "application__award"
        ).order_by("application__award", "application__rank", "id")
    )
    printed = notice.notice_printing(publicity)
    doc = notice.publicity_notice(
        publicity,
        entries,
        number=printed.number,
        on=printed.signed_on,
        objection_url=public_url(reverse("publicity:detail", args=[publicity.pk]), request),
    )
    return official_response(doc, notice.notice_filename(publicity.campaign), fmt)


@login_required
@require_POST
def notice_issue(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    publicity = get_object_or_404(Publicity.objects.select_related("campaign__office"), pk=pk)
    require_perm(request.user, "publicity.manage", publicity.campaign)
    try:
        issued = notice.notice_issue(acting_user=request.user, publicity=publicity)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("公示已登记发文字号%(number)s。") % {"number": issued.number})
    return redirect("publicity:manage", campaign_id=publicity.campaign_id)
