"""Pages of the committee: meetings, attendance, votes, minutes, approval and naming.

Thin views: parse, call one service, render or redirect; refusals come back as messages
in the user's language.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.campaigns.models import Application, Campaign
from wenming.campaigns.stages import StageClosed, require_stage_open
from wenming.domain.stage_gates import StageKind

from .. import selectors, services
from ..forms import MeetingForm, NamingForm, VoteForm
from ..models import Meeting
from ..papers import meeting_papers


def _run(
    request: AuthenticatedRequest, meeting: Meeting, call: Callable[[], Any], done: str
) -> HttpResponse:
    """Run a service for the meeting page; its refusal is shown as an error message."""
    try:
        call()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("committee:meeting", pk=meeting.pk)


def _stage_refusal(campaign: Campaign, kind: StageKind) -> str:
    """Why the stage's actions are refused now, or "" while it is open."""
    try:
        require_stage_open(campaign, kind)
    except StageClosed as error:
        return error.messages[0]
    return ""


@login_required
def index(request: AuthenticatedRequest) -> HttpResponse:
    require_perm(request.user, "committee.view_index")
    campaigns = selectors.campaigns_for(request.user).order_by("-edition", "id")
    return render(request, "committee/index.html", {"campaigns": campaigns})


@login_required
def campaign_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.select_related("office"), pk=pk)
    require_perm(request.user, "committee.view_meeting", campaign)
    context = {
        "campaign": campaign,
        "meetings": selectors.meetings_for(request.user).filter(campaign=campaign),
        "published": selectors.published_list(campaign),
        "manages": request.user.has_perm("committee.manage_meeting", campaign),
        "form": MeetingForm(),
        # Meetings are scheduled ahead: refused only once the approval stage closed.
        "approval_refusal": selectors.meeting_create_refusal(campaign),
    }
    return render(request, "committee/campaign.html", context)


@login_required
@require_POST
def meeting_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.select_related("office"), pk=pk)
    require_perm(request.user, "committee.manage_meeting", campaign)
    form = MeetingForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errs in form.errors.values() for e in errs])
        meeting = services.meeting_create(
            acting_user=request.user,
            campaign=campaign,
            held_on=form.cleaned_data["held_on"],
            place=form.cleaned_data["place"],
            names=form.member_names(),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("committee:campaign", pk=campaign.pk)
    messages.success(request, _("已创建会议，请记录出席情况。"))
    return redirect("committee:meeting", pk=meeting.pk)


@login_required
def meeting_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(selectors.meetings_for(request.user), pk=pk)
    meeting = selectors.meeting_detail(meeting.pk)
    campaign = meeting.campaign
    decision = selectors.decision_of(meeting)
    context = {
        "meeting": meeting,
        "campaign": campaign,
        "quorum": selectors.quorum_of(meeting),
        "published": [] if meeting.frozen else list(selectors.published_list(campaign)),
        "decision": decision,
        "certificates": list(selectors.certificates().filter(decision=decision))
        if decision
        else [],
        "manages": request.user.has_perm("committee.manage_meeting", campaign),
        "approval_refusal": _stage_refusal(campaign, StageKind.APPROVAL),
        "appeals": meeting_papers(campaign).appeals,
        "naming_refusal": _stage_refusal(campaign, StageKind.NAMING),
        "naming_form": NamingForm(
            initial={
                "naming_body": _("%(office)s精神文明建设委员会") % {"office": campaign.office.name}
            }
        ),
    }
    return render(request, "committee/meeting.html", context)


def _managed(request: AuthenticatedRequest, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("campaign__office"), pk=pk)
    require_perm(request.user, "committee.manage_meeting", meeting.campaign)
    return meeting


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


@login_required
@require_POST
def attendance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    opinions = {
        int(key.removeprefix("opinion_")): request.POST.get(key, "")
        for key in request.POST
        if key.startswith("opinion_") and key.removeprefix("opinion_").isdigit()
    }
    return _run(
        request,
        meeting,
        lambda: services.meeting_record_attendance(
            acting_user=request.user,
            meeting=meeting,
            present=_ids(request.POST.getlist("present")),
            opinions=opinions,
        ),
        _("已记录出席情况。"),
    )


@login_required
@require_POST
def vote(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    form = VoteForm(request.POST)

    def record() -> None:
        if not form.is_valid():
            raise ValidationError(_("请填写赞成、反对、弃权票数（不小于0的整数）。"))
        data = form.cleaned_data
        application = None
        if data["application"]:
            application = get_object_or_404(Application, pk=data["application"])
        services.meeting_record_vote(
            acting_user=request.user,
            meeting=meeting,
            application=application,
            votes_for=data["votes_for"],
            votes_against=data["votes_against"],
            abstentions=data["abstentions"],
        )

    return _run(request, meeting, record, _("已记录表决结果。"))


@login_required
@require_POST
def minutes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    return _run(
        request,
        meeting,
        lambda: services.meeting_record_minutes(
            acting_user=request.user,
            meeting=meeting,
            minutes=request.POST.get("minutes", ""),
        ),
        _("已保存会议纪要。"),
    )


@login_required
@require_POST
def approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    refused = Application.objects.filter(
        campaign=meeting.campaign, pk__in=_ids(request.POST.getlist("refused"))
    )
    return _run(
        request,
        meeting,
        lambda: services.meeting_approve(
            acting_user=request.user,
            meeting=meeting,
            refused=list(refused),
            comment=request.POST.get("comment", ""),
        ),
        _("名单已审定，并已冻结。"),
    )


@login_required
@require_POST
def name(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    form = NamingForm(request.POST)

    def decide() -> None:
        if not form.is_valid():
            raise ValidationError(_("命名决定须填写命名日期和命名机关。"))
        services.naming_decide(
            acting_user=request.user,
            meeting=meeting,
            **form.cleaned_data,
        )

    return _run(request, meeting, decide, _("已命名，证书已生成。"))
