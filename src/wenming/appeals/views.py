"""Pages of appeals: the applicant's own result with its appeal form, the office's list
of a campaign's appeals with the window, one appeal with its answer, and its files."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.campaigns.models import Application, Campaign
from wenming.documents.downloads import verified_download
from wenming.registry.scopes import scope_of

from . import selectors, services
from .forms import AnswerForm, LodgeForm, WindowForm
from .messages import refusal_message
from .models import Appeal, AppealEvidence


@login_required
def index(request: AuthenticatedRequest) -> HttpResponse:
    """The applicant's ranked applications; the office's campaigns with appeals."""
    scope = scope_of(request.user)
    applications = (
        Application.objects.filter(
            organization_id__in=scope.organization_ids,
            ranking_results__version__frozen_at__isnull=False,
        )
        .select_related("campaign", "award", "organization")
        .distinct()
        .order_by("-campaign_id", "pk")
    )
    appeals = (
        selectors.appeals_visible_to(request.user) if scope.is_office else Appeal.objects.none()
    )
    campaigns = sorted({a.application.campaign for a in appeals}, key=lambda c: c.pk, reverse=True)
    return render(
        request, "appeals/index.html", {"applications": applications, "campaigns": campaigns}
    )


def _files(request: AuthenticatedRequest) -> list[services.EvidenceFile]:
    # One byte past the limit is enough for the service to refuse the file by its size.
    return [
        services.EvidenceFile(upload.name or "", upload.read(services.MAX_FILE_BYTES + 1))
        for upload in request.FILES.getlist("evidence")
    ]


def _result_context(application: Application) -> dict[str, Any]:
    context: dict[str, Any] = {"application": application, "calendar_error": ""}
    try:
        window = selectors.window_of(application.campaign)
    except ValidationError as error:
        context["calendar_error"] = " ".join(error.messages)
        return context
    context["window"] = window
    context["appeal"] = Appeal.objects.filter(application=application).first()
    if window.frozen_at is None:
        return context
    result = selectors.result_of(application)
    context["result"] = result
    if result is not None:
        context["breakdown"] = selectors.breakdown_of(application)
    refused = selectors.lodging_refusal(application, window)
    context["refusal"] = refusal_message(refused, window.last_day) if refused else ""
    return context


@login_required
@require_http_methods(["GET", "POST"])
def result(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The applicant's own result in one award, its score per item, and its one appeal."""
    application = get_object_or_404(
        Application.objects.select_related("campaign", "award__framework", "organization"), pk=pk
    )
    require_perm(request.user, "appeals.lodge", application)
    form = LodgeForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                appeal = services.appeal_lodge(
                    acting_user=request.user,
                    application=application,
                    reasons=form.cleaned_data["reasons"],
                    files=_files(request),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("申诉已提交，请等待答复。"))
                return redirect("appeals:appeal", pk=appeal.pk)
        status = 400
    context = _result_context(application) | {"form": form}
    return render(request, "appeals/result.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def campaign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The office: a campaign's appeals, open first, and the window's length."""
    campaign_ = get_object_or_404(Campaign, pk=pk)
    require_perm(request.user, "appeals.manage", campaign_)
    form = WindowForm(
        request.POST or None, initial={"working_days": selectors.working_days(campaign_)}
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.appeal_window_set(
                    acting_user=request.user,
                    campaign=campaign_,
                    working_days=form.cleaned_data["working_days"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("申诉期限已保存。"))
        else:
            messages.error(request, " ".join(str(m) for e in form.errors.values() for m in e))
        return redirect("appeals:campaign", pk=campaign_.pk)
    context: dict[str, Any] = {
        "campaign": campaign_,
        "form": form,
        "appeals": selectors.appeals_of(campaign_),
        "calendar_error": "",
    }
    try:
        context["window"] = selectors.window_of(campaign_)
    except ValidationError as error:
        context["calendar_error"] = " ".join(error.messages)
    return render(request, "appeals/campaign.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def appeal(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One appeal with its files and answer; the office answers it here, once."""
    appeal_ = get_object_or_404(selectors.appeals_visible_to(request.user), pk=pk)
    require_perm(request.user, "appeals.view_appeal", appeal_)
    form = AnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        require_perm(request.user, "appeals.answer", appeal_)
        if form.is_valid():
            try:
                answered = services.appeal_answer(
                    acting_user=request.user, appeal=appeal_, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("已答复申诉。"))
                return redirect("appeals:appeal", pk=answered.pk)
        status = 400
    context = {
        "appeal": appeal_,
        "form": form,
        "answers": request.user.has_perm("appeals.answer", appeal_),
    }
    return render(request, "appeals/appeal.html", context, status=status)


@login_required
def evidence(request: AuthenticatedRequest, pk: int) -> HttpResponse | FileResponse:
    """An appeal's file, served only if its bytes still match the recorded SHA-256."""
    row = get_object_or_404(
        AppealEvidence.objects.select_related("appeal__application__campaign"), pk=pk
    )
    require_perm(request.user, "appeals.view_appeal", row.appeal)
    return verified_download(
        row.file,
        row.sha256,
        filename=row.original_name,
        content_type=row.content_type,
        tampered=_("申诉材料校验失败，文件可能已被篡改。"),
    )
