"""The supervision item's 整改通知书 and 督办通知书 for the office: 发文（取号） (a POST)
and the download, Word or PDF, which only prints."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.documents.issuing import official_response

from ..models import SupervisionItem
from ..notices import (
    NoticeDocument,
    notice_filename,
    notice_issue,
    notice_name,
    notice_printing,
    rectification_notice,
    supervision_notice,
)


def _item_and_kind(
    request: AuthenticatedRequest, pk: int, which: str
) -> tuple[SupervisionItem, NoticeDocument]:
    item = get_object_or_404(
        SupervisionItem.objects.select_related("office", "organization"), pk=pk
    )
    require_perm(request.user, "supervision.manage_item", item)
    try:
        return item, NoticeDocument(which)
    except ValueError:
        raise Http404 from None


@login_required
def notice_document(request: AuthenticatedRequest, pk: int, which: str, fmt: str) -> HttpResponse:
    item, kind = _item_and_kind(request, pk, which)
    printed = notice_printing(item, kind)
    if kind == NoticeDocument.RECTIFICATION:
        milestones = list(item.milestones.values_list("title", "due_on"))
        doc = rectification_notice(item, milestones, number=printed.number, on=printed.signed_on)
    else:
        doc = supervision_notice(item, number=printed.number, on=printed.signed_on)
    return official_response(doc, notice_filename(item, kind), fmt)


@login_required
@require_POST
def notice_issue_view(request: AuthenticatedRequest, pk: int, which: str) -> HttpResponse:
    item, kind = _item_and_kind(request, pk, which)
    try:
        issued = notice_issue(acting_user=request.user, item=item, which=kind)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(kind)s已登记发文字号%(number)s。")
            % {"kind": notice_name(kind), "number": issued.number},
        )
    return redirect("supervision:item", pk=item.pk)
