"""The publicity notice (公示) download, Word or PDF, for the office running the campaign."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

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
    number = notice.notice_number(
        acting_user=request.user, publicity=publicity, on=timezone.localdate()
    )
    doc = notice.publicity_notice(
        publicity,
        entries,
        number=number,
        objection_url=public_url(reverse("publicity:detail", args=[publicity.pk]), request),
    )
    return official_response(doc, notice.notice_filename(publicity.campaign), fmt)
