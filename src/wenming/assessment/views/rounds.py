"""The office's pages: rounds, the assignment board with groups and conflicts, sampling
and its verification. Thin: parse, call one service, render."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenming.accounts.models import User
from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.campaigns.models import Award, Campaign
from wenming.domain import sampling
from wenming.registry.people import person_field
from wenming.registry.scopes import scope_of
from wenming.visits.models import Group, GroupMember

from .. import selectors, services
from ..floors import floors_text
from ..forms import (
    CommitForm,
    ComparisonForm,
    ConflictForm,
    DrawForm,
    GroupForm,
    MemberForm,
    RoundForm,
    SamplingForm,
    offer,
)
from ..models import Round
from ..population import applications, candidates, counties_of


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _round(request: AuthenticatedRequest, pk: int, perm: str = "assessment.manage_round") -> Round:
    """The round, refused unless the user holds ``perm`` on it."""
    round_ = get_object_or_404(Round.objects.select_related("campaign__office"), pk=pk)
    require_perm(request.user, perm, round_)
    return round_


@login_required
def index(request: AuthenticatedRequest) -> HttpResponse:
    require_perm(request.user, "assessment.view_index")
    scope = scope_of(request.user)
    campaigns = [
        c
        for c in Campaign.objects.select_related("office").prefetch_related("assessment_rounds")
        if request.user.has_perm("campaigns.manage_campaign", c)
    ]
    context = {
        "campaigns": campaigns,
        "round_form": RoundForm(initial={"weight": 1}),
        "mine": selectors.my_assignments(request.user) if scope.is_assessor else [],
    }
    return render(request, "assessment/index.html", context)


@login_required
@require_POST
def round_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=pk)
    form = RoundForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors.as_text())
        return redirect("assessment:index")
    try:
        round_ = services.round_create(
            acting_user=request.user, campaign=campaign, **form.cleaned_data
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect("assessment:index")
    messages.success(
        request,
        _("已新建测评轮次“%(name)s”：下一步新建考核组、添加成员。")
        % {"name": round_.name or round_.get_kind_display()},
    )
    return redirect("assessment:board", pk=round_.pk)


def _board_forms(round_: Round, board: selectors.Board, user: User) -> dict[str, Any]:
    groups = [(g.group.pk, g.group.name) for g in board.columns]
    apps = [(a.pk, a.organization.name) for a in applications(round_)]
    counties = [("", "—")] + [(r.pk, r.name) for r in counties_of(round_.campaign).by_code.values()]
    group_form = GroupForm()
    offer(group_form, "home_county", counties)
    member_form = MemberForm()
    offer(member_form, "group", groups)
    person_field(member_form, "user", user)
    conflict_form = ConflictForm()
    offer(conflict_form, "application", apps)
    offer(conflict_form, "group", groups)
    return {
        "comparison_form": ComparisonForm(
            initial={
                "normalize_marks": round_.normalize_marks,
                "disagreement_margin": round_.disagreement_margin,
            }
        ),
        "group_form": group_form,
        "member_form": member_form,
        "conflict_form": conflict_form,
        "group_choices": groups,
    }


@login_required
def board(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    data = selectors.board(round_)
    context = {"round": round_, "board": data, **_board_forms(round_, data, request.user)}
    return render(request, "assessment/board.html", context)


def _post(
    request: AuthenticatedRequest, pk: int, action: Callable[[Round], object], success: str = ""
) -> HttpResponse:
    round_ = _round(request, pk)
    try:
        result = action(round_)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        if success:
            messages.success(request, success)
        warning = getattr(result, "warning", "")  # a generated assignment may carry one
        if warning:
            messages.warning(request, warning)
    return redirect("assessment:board", pk=pk)


@login_required
@require_POST
def comparison_set(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    form = ComparisonForm(request.POST)
    if not form.is_valid():
        round_ = _round(request, pk)  # the permission first: a refusal says nothing more
        messages.error(request, form.errors.as_text())
        return redirect("assessment:board", pk=round_.pk)
    return _post(
        request,
        pk,
        lambda r: services.round_comparison_set(
            acting_user=request.user, round_=r, **form.cleaned_data
        ),
        _("评分比较设置已保存。"),
    )


@login_required
@require_POST
def generate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    try:
        generated = services.assignment_generate(acting_user=request.user, round_=round_)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(
            request, _("已生成分配：%(n)d 个申报单位已分到考核组。") % {"n": generated.count}
        )
        if generated.warning:
            messages.warning(request, generated.warning)
    return redirect("assessment:board", pk=pk)


@login_required
@require_POST
def move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    assignment = get_object_or_404(round_.assignments, pk=request.POST.get("assignment") or 0)
    group = get_object_or_404(Group, round=round_, pk=request.POST.get("group") or 0)
    return _post(
        request,
        pk,
        lambda r: services.assignment_move(
            acting_user=request.user, assignment=assignment, group=group
        ),
        _("已将%(org)s调整到%(group)s。")
        % {"org": assignment.application.organization.name, "group": group.name},
    )


@login_required
@require_POST
def group_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    counties = {r.pk: r for r in counties_of(_round(request, pk).campaign).by_code.values()}
    form = GroupForm(request.POST)
    offer(form, "home_county", [("", ""), *((r.pk, r.name) for r in counties.values())])
    if not form.is_valid():
        messages.error(request, form.errors.as_text())
        return redirect("assessment:board", pk=pk)
    county = counties.get(form.cleaned_data["home_county"])
    return _post(
        request,
        pk,
        lambda r: services.group_create(
            acting_user=request.user,
            round_=r,
            name=form.cleaned_data["name"],
            phase=form.cleaned_data["phase"],
            home_county=county,
        ),
        _("已新建考核组“%(name)s”。") % {"name": form.cleaned_data["name"]},
    )


@login_required
@require_POST
def member_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    group = get_object_or_404(Group, round=round_, pk=request.POST.get("group") or 0)
    form = MemberForm(request.POST)
    offer(form, "group", [(group.pk, group.name)])
    person_field(form, "user", request.user)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("assessment:board", pk=pk)
    user = form.cleaned_data["user"]
    leader = form.cleaned_data["is_leader"]
    return _post(
        request,
        pk,
        lambda r: services.group_member_add(
            acting_user=request.user, group=group, user=user, is_leader=leader
        ),
        _("已将%(person)s加入%(group)s%(role)s。")
        % {"person": user, "group": group.name, "role": _("（组长）") if leader else ""},
    )


@login_required
@require_POST
def member_remove(request: AuthenticatedRequest, pk: int, member_pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    member = get_object_or_404(GroupMember, group__round=round_, pk=member_pk)
    return _post(
        request,
        pk,
        lambda r: services.group_member_remove(acting_user=request.user, member=member),
        _("已将%(person)s移出%(group)s。") % {"person": member.user, "group": member.group.name},
    )


@login_required
@require_POST
def conflict_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    group = get_object_or_404(Group, round=round_, pk=request.POST.get("group") or 0)
    application = get_object_or_404(
        round_.campaign.applications, pk=request.POST.get("application") or 0
    )
    return _post(
        request,
        pk,
        lambda r: services.conflict_declare(
            acting_user=request.user,
            application=application,
            group=group,
            reason=request.POST.get("reason", ""),
        ),
        _("已登记回避：%(org)s不由%(group)s考核。")
        % {"org": application.organization.name, "group": group.name},
    )


def _ratios_posted(request: AuthenticatedRequest, awards: list[Award]) -> dict[str, str]:
    return {f"award:{a.pk}": request.POST.get(f"ratio-award-{a.pk}", "").strip() for a in awards}


def _sample_post(request: AuthenticatedRequest, round_: Round, awards: list[Award]) -> None:
    """One step of the sampling page: the ratios, the list's publication, the draw, or a
    larger ratio after it."""
    user, post = request.user, request.POST
    if "commit" in post:
        form = CommitForm(post)
        if not form.is_valid() and "seed_draw_on" in form.errors:
            raise ValidationError(_("请填写开奖日期（公开开奖的日期，不早于今天）。"))
        services.round_commit_candidates(
            acting_user=user,
            round_=round_,
            seed_source=post.get("seed_source", ""),
            seed_draw_on=form.cleaned_data["seed_draw_on"],
            witnesses=form.witnesses(),
        )
        messages.success(request, _("候选名单已公布，其摘要和公布时间已记录。"))
    elif "draw" in post:
        # Every field is text as typed: the service says what is wrong with it.
        drawn = services.sample_draw(
            acting_user=user,
            round_=round_,
            public_numbers=post.get("public_numbers", ""),
        )
        messages.success(
            request,
            _("已抽取：从 %(population)d 个单位中抽中 %(size)d 个，抽查名单已记录。")
            % {"population": drawn.population, "size": drawn.size},
        )
    elif "extend" in post:
        services.sample_extend(
            acting_user=user,
            round_=round_,
            default_ratio=post.get("default_ratio", ""),
            ratios=_ratios_posted(request, awards),
        )
        messages.success(request, _("抽查比例已提高，原样本全部保留，新抽中的单位已加入。"))
    else:
        services.round_sampling_set(
            acting_user=user,
            round_=round_,
            stratum_kind=post.get("stratum_kind", ""),
            default_ratio=post.get("default_ratio", ""),
            ratios=_ratios_posted(request, awards),
        )
        messages.success(request, _("抽查比例已保存。"))


@login_required
def sample(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The round's sampling, in steps: the ratios, 公布候选名单, 录入开奖号码并抽取, the
    sample (and a larger ratio later)."""
    round_ = _round(request, pk)
    awards = list(Award.objects.filter(campaign=round_.campaign))
    if request.method == "POST":
        try:
            _sample_post(request, round_, awards)
        except ValidationError as error:
            messages.error(request, _errors(error))
        return redirect("assessment:sample", pk=pk)
    drawn = services.sample_recompute(round_) if round_.seed else None
    context = {
        "round": round_,
        "form": SamplingForm(
            initial={"stratum_kind": round_.stratum_kind, "default_ratio": round_.default_ratio}
        ),
        "commit_form": CommitForm(),
        "draw_form": DrawForm(),
        "awards": [(a, round_.ratios.get(f"award:{a.pk}", "")) for a in awards],
        "drawn": drawn,
        "rows": selectors.sample_table(round_, drawn),
        "candidates": candidates(round_).count() if not round_.committed_at else None,
        "committed": len(round_.sample_population) if round_.committed_at else None,
        "floors": floors_text(round_),
    }
    return render(request, "assessment/sample.html", context)


@login_required
def verify(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Anyone with a role re-runs the draw: from the stored seed, or from one they type."""
    round_ = get_object_or_404(Round.objects.select_related("campaign__office"), pk=pk)
    if not request.user.has_perm("assessment.verify_sample") or not round_.seed:
        raise PermissionDenied
    seed = request.GET.get("seed", "").strip() or round_.seed
    recomputed = services.sample_recompute(round_, seed)
    stored = set(round_.sample.values_list("application_id", flat=True))
    chosen = {int(i) for i in recomputed.chosen}
    labels = selectors.stratum_labels(round_)
    names = dict(
        round_.campaign.applications.filter(
            pk__in=[int(i) for i, _k in round_.sample_population]
        ).values_list("pk", "organization__name")
    )
    strata = [
        {
            "label": selectors.label_of(s.key, labels),
            "stratum": s,
            "members": sorted(
                (
                    {
                        "id": app_id,
                        "name": names.get(int(app_id), app_id),
                        "rank": sampling.sample_rank(seed, app_id),
                        "chosen": app_id in s.chosen,
                    }
                    for app_id, key in round_.sample_population
                    if key == s.key
                ),
                key=lambda m: (m["rank"], m["id"]),
            ),
        }
        for s in recomputed.strata
    ]
    context = {
        "round": round_,
        "seed": seed,
        "stored_seed": seed == round_.seed,
        "matches": chosen == stored,
        "strata": strata,
    }
    return render(request, "assessment/verify.html", context)
