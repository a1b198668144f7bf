"""The office's page of the assessment stage's gate: the conditions of closing it, the
applicants no group assesses, and every missing mark set with a form to record why it is
missing (缺评原因). Thin: parse, call one service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenming.accounts.models import User
from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.campaigns.models import Application, Stage, StageKind
from wenming.campaigns.stages import stage_gate, stage_is_open

from .. import selectors, services
from ..models import MarkSetWaiver, Round
from .common import managed_campaign


@login_required
def mark_sets(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = managed_campaign(request, pk)
    progress = selectors.mark_progress(campaign)
    stage = Stage.objects.filter(campaign=campaign, kind=StageKind.ASSESSMENT).first()
    by_round = [
        {
            "round": round_,
            "unassigned": [a for r, a in progress.unassigned if r.pk == round_.pk],
            "missing": [m for m in progress.missing if m.round.pk == round_.pk],
            "waived": [m for m in progress.waived if m.round.pk == round_.pk],
        }
        for round_ in progress.rounds
    ]
    context = {
        "campaign": campaign,
        "stage": stage,
        "stage_open": stage is not None and stage_is_open(stage),
        "gate": stage_gate(stage) if stage is not None else [],
        "rounds": by_round,
        "missing_count": len(progress.missing),
    }
    return render(request, "assessment/mark_sets.html", context)


@login_required
@require_POST
def waive(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = managed_campaign(request, pk)
    round_ = get_object_or_404(Round, campaign=campaign, pk=request.POST.get("round") or 0)
    application = get_object_or_404(
        Application.objects.select_related("organization", "award__framework"),
        campaign=campaign,
        pk=request.POST.get("application") or 0,
    )
    assessor = get_object_or_404(User, pk=request.POST.get("assessor") or 0)
    try:
        services.mark_set_waive(
            acting_user=request.user,
            round=round_,
            application=application,
            assessor=assessor,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("已登记 %(who)s 对%(org)s的缺评原因。")
            % {"who": assessor, "org": application.organization.name},
        )
    return redirect("assessment:mark_sets", pk=pk)


@login_required
@require_POST
def waiver_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    waiver = get_object_or_404(
        MarkSetWaiver.objects.select_related("round__campaign__office", "application"), pk=pk
    )
    campaign = waiver.round.campaign
    require_perm(request.user, "campaigns.manage_campaign", campaign)
    try:
        services.mark_set_waiver_remove(acting_user=request.user, waiver=waiver)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已撤销缺评原因，该评分重新计为未完成。"))
    return redirect("assessment:mark_sets", pk=campaign.pk)
