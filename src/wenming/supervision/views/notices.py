"""The supervision item's 整改通知书 and 督办通知书, Word or PDF, for the office."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.documents.issuing import official_response

from ..models import SupervisionItem
from ..notices import (
    NoticeDocument,
    notice_filename,
    notice_number,
    rectification_notice,
    supervision_notice,
)


@login_required
def notice_document(request: AuthenticatedRequest, pk: int, which: str, fmt: str) -> HttpResponse:
    item = get_object_or_404(
        SupervisionItem.objects.select_related("office", "organization"), pk=pk
    )
    require_perm(request.user, "supervision.manage_item", item)
    try:
        kind = NoticeDocument(which)
    except ValueError:
        raise Http404 from None
    today = timezone.localdate()
    number = notice_number(acting_user=request.user, item=item, which=kind, on=today)
    if kind == NoticeDocument.RECTIFICATION:
        milestones = list(item.milestones.values_list("title", "due_on"))
        doc = rectification_notice(item, milestones, number=number, on=today)
    else:
        doc = supervision_notice(item, number=number, on=today)
    return official_response(doc, notice_filename(item, kind), fmt)
