"""Campaign pages: the list, a campaign's stages with their gates, closing and opening a
stage, extending a deadline, its sampling floors, an award's framework, copying a
campaign and reporting up to the province."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.registry.scopes import scope_of

from .. import services, stages
from ..forms import (
    AwardFrameworkForm,
    CopyForm,
    ExtendForm,
    FloorsForm,
    StageCloseForm,
    StageOpenForm,
)
from ..models import Award, Stage
from ..selectors.campaigns import campaigns_for


@login_required
def campaign_list(request: AuthenticatedRequest) -> HttpResponse:
    require_perm(request.user, "campaigns.view_campaign")
    return render(
        request, "campaigns/campaign_list.html", {"campaigns": campaigns_for(request.user)}
    )


@login_required
def campaign_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_perm(request.user, "campaigns.view_campaign")
    campaign = get_object_or_404(campaigns_for(request.user), pk=pk)
    scope = scope_of(request.user)
    context = {
        "campaign": campaign,
        "timeline": stages.stage_timeline(campaign),
        "awards": campaign.awards.select_related("framework"),
        "manages": request.user.has_perm("campaigns.manage_campaign", campaign),
        "reviews": bool(scope.office_paths or scope.body_ids),
        "applies": bool(scope.organization_ids),
        "extend_form": ExtendForm(),
        "close_form": StageCloseForm(),
        "open_form": StageOpenForm(),
        "floors_form": FloorsForm(floors=campaign.sampling_floors),
        "framework_form": AwardFrameworkForm(),
        "copy_form": CopyForm(
            initial={"edition": campaign.edition + 1, "years": 2, "name": campaign.name}
        ),
    }
    return render(request, "campaigns/campaign_detail.html", context)


@login_required
@require_POST
def stage_extend(request: AuthenticatedRequest, pk: int, stage_pk: int) -> HttpResponse:
    stage = get_object_or_404(Stage.objects.select_related("campaign"), pk=stage_pk, campaign=pk)
    require_perm(request.user, "campaigns.manage_campaign", stage.campaign)
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            services.stage_extend(
                acting_user=request.user,
                stage=stage,
                closes_at=form.cleaned_data["closes_at"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("%(stage)s阶段的截止时间已延长。") % {"stage": stage.get_kind_display()}
            )
    else:
        messages.error(request, _("请填写新的截止时间和延期原因。"))
    return redirect("campaigns:detail", pk=pk)


def _stage_of(request: AuthenticatedRequest, pk: int, stage_pk: int) -> Stage:
    campaign = get_object_or_404(campaigns_for(request.user), pk=pk)
    stage = get_object_or_404(
        Stage.objects.select_related("campaign"), pk=stage_pk, campaign=campaign
    )
    require_perm(request.user, "campaigns.manage_campaign", campaign)
    return stage


@login_required
@require_POST
def stage_close(request: AuthenticatedRequest, pk: int, stage_pk: int) -> HttpResponse:
    """The office closes a stage once its gate holds (early only with a reason)."""
    stage = _stage_of(request, pk, stage_pk)
    form = StageCloseForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        stages.stage_close(acting_user=request.user, stage=stage, reason=reason)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(stage)s阶段已结束。") % {"stage": stage.get_kind_display()})
    return redirect("campaigns:detail", pk=pk)


@login_required
@require_POST
def stage_open(request: AuthenticatedRequest, pk: int, stage_pk: int) -> HttpResponse:
    """The office opens the next stage now."""
    stage = _stage_of(request, pk, stage_pk)
    form = StageOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写有效的截止时间。"))
        return redirect("campaigns:detail", pk=pk)
    try:
        stages.stage_open(
            acting_user=request.user, stage=stage, closes_at=form.cleaned_data["closes_at"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(stage)s阶段已开始。") % {"stage": stage.get_kind_display()})
    return redirect("campaigns:detail", pk=pk)


@login_required
@require_POST
def campaign_copy(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Start the next edition from this one (awards, framework versions, quotas, rules)."""
    campaign = get_object_or_404(campaigns_for(request.user), pk=pk)
    require_perm(request.user, "campaigns.manage_campaign", campaign)
    form = CopyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写新届次、名称和顺延年数。"))
        return redirect("campaigns:detail", pk=pk)
    data = form.cleaned_data
    try:
        new = services.campaign_copy(
            acting_user=request.user,
            campaign=campaign,
            edition=data["edition"],
            name=data["name"],
            shift=timedelta(days=round(365.25 * data["years"])),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("campaigns:detail", pk=pk)
    messages.success(request, _("已创建 %(name)s。") % {"name": new.name})
    return redirect("campaigns:detail", pk=new.pk)


@login_required
@require_POST
def campaign_floors(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The campaign's sampling floors, checked by every sampled round it draws."""
    campaign = get_object_or_404(campaigns_for(request.user), pk=pk)
    require_perm(request.user, "campaigns.manage_campaign", campaign)
    form = FloorsForm(request.POST, floors=campaign.sampling_floors)
    if not form.is_valid():
        messages.error(request, _("抽查比例下限须填写 0 到 100 之间的百分数。"))
        return redirect("campaigns:detail", pk=pk)
    try:
        services.campaign_floors_set(
            acting_user=request.user, campaign=campaign, floors=form.ratios()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("抽查比例下限已保存。"))
    return redirect("campaigns:detail", pk=pk)


@login_required
@require_POST
def award_framework(request: AuthenticatedRequest, pk: int, award_pk: int) -> HttpResponse:
    """Another framework version for one award, before anyone has applied under it."""
    campaign = get_object_or_404(campaigns_for(request.user), pk=pk)
    require_perm(request.user, "campaigns.manage_campaign", campaign)
    award = get_object_or_404(Award, pk=award_pk, campaign=campaign)
    form = AwardFrameworkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择一个使用中的测评体系。"))
        return redirect("campaigns:detail", pk=pk)
    framework = form.cleaned_data["framework"]
    try:
        services.award_framework_set(acting_user=request.user, award=award, framework=framework)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("“%(award)s”改用“%(framework)s”。")
            % {"award": award.label, "framework": framework.name},
        )
    return redirect("campaigns:detail", pk=pk)


@login_required
@require_POST
def submit_to_parent(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The city's approved list for the province's awards goes up to the province."""
    campaign = get_object_or_404(campaigns_for(request.user), pk=pk)
    require_perm(request.user, "campaigns.manage_campaign", campaign)
    try:
        sent = services.recommendation_to_parent(acting_user=request.user, campaign=campaign)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        # The service refused a campaign without a parent: here it has one.
        parent = campaign.parent.name if campaign.parent else ""
        messages.success(
            request, _("已向 %(parent)s 上报 %(n)d 个申报。") % {"parent": parent, "n": len(sent)}
        )
    return redirect("campaigns:detail", pk=pk)
