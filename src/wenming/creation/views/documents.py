"""Pages of creation work: 实施方案与自查报告 as Word downloads.

``creation:plan_document`` and ``creation:self_check_report`` serve the plan's documents to
whoever sees the whole plan (its creation office, the offices above); anyone else gets 404.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wenming.accounts.permissions import AuthenticatedRequest
from wenming.documents.downloads import content_disposition

from .. import scopes
from ..documents import plan_docx, self_check_docx
from ..models import Plan

_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _plan(request: AuthenticatedRequest, pk: int) -> Plan:
    plan = get_object_or_404(
        scopes.plans_for(request.user).select_related("organization", "award__framework"), pk=pk
    )
    if not scopes.sees_whole_plan(request.user, plan):
        raise Http404
    return plan


def _docx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=_DOCX)
    response["Content-Disposition"] = content_disposition(name)
    return response


@login_required
@require_GET
def plan_document(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    name = plan.title or _("%(org)s创建实施方案") % {"org": plan.organization.name}
    return _docx(plan_docx(plan, on=timezone.localdate()), f"{name}.docx")


@login_required
@require_GET
def self_check_report(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    name = _("%(org)s创建%(award)s自查报告") % {
        "org": plan.organization.name,
        "award": plan.award.label,
    }
    return _docx(self_check_docx(plan, on=timezone.localdate()), f"{name}.docx")


urlpatterns: list[URLPattern] = [
    path("plans/<int:pk>/plan.docx", plan_document, name="plan_document"),
    path("plans/<int:pk>/self-check.docx", self_check_report, name="self_check_report"),
]
