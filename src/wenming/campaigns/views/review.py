"""Recommendation pages: a recommending unit reviews, orders and recommends what it
received, returns applications for correction, prints its recommendation report and
uploads it stamped; the running office watches every unit's quotas, changes them and
decides exceptional applications.

Views are thin: they parse, call one service and render. A refused action (a closed
stage, a quota exceeded, a missing comment) re-renders the page with the message beside
the form it concerns; the service's transaction leaves nothing half-saved.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.documents.issuing import official_response
from wenming.domain.application_states import State
from wenming.registry.issuing import issuing_offices

from .. import official_docs, services
from ..forms import ClaimDecisionForm
from ..models import Application, Award, BonusClaim, Campaign, QuotaChangeKind, StageKind
from ..selectors.photos import photo_flags
from ..selectors.quotas import quota_history, quota_overview
from ..selectors.review import (
    DECISIONS,
    Unit,
    pending_exceptional,
    review_sections,
    unit_choices,
    unit_from_key,
    units_for,
)
from ..services import claims
from ..stages import stage_is_open


def _messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def _form_errors(form: forms.Form) -> ValidationError:
    return ValidationError(
        [
            _("%(field)s：%(error)s") % {"field": form.fields[name].label, "error": error}
            for name, errors in form.errors.items()
            for error in errors
        ]
    )


def _campaign(pk: int) -> Campaign:
    return get_object_or_404(Campaign.objects.select_related("office"), pk=pk)


def _my_units(request: AuthenticatedRequest, campaign: Campaign) -> list[Unit]:
    """The units the user recommends for here; none means the page is not theirs (403)."""
    units = units_for(request.user, campaign)
    if not units:
        raise PermissionDenied
    return units


def _my_unit(request: AuthenticatedRequest, campaign: Campaign, key: str) -> Unit:
    units = _my_units(request, campaign)
    if not key:
        return units[0]
    for unit in units:
        if unit.key == key:
            return unit
    raise PermissionDenied


# ---- the recommending unit's page ---------------------------------------------------------


def _render_review(
    request: AuthenticatedRequest, campaign: Campaign, failed: dict[str, Any] | None = None
) -> HttpResponse:
    units = _my_units(request, campaign)
    sections = review_sections(campaign, units)
    failed = failed or {}
    issuers = issuing_offices(
        request.user, (s.unit.region for s in sections if s.unit.region is not None)
    )
    for section in sections:
        region = section.unit.region
        section.may_issue = region is not None and region.pk in issuers
        if failed.get("submit") == section.unit.key:
            section.submit_errors = failed["errors"]
            section.responsible_person = failed["responsible_person"]
        for block in section.blocks:
            if failed.get("block") == block.key:
                block.errors = failed["errors"]
                for row in block.decidable:
                    pk = row.application.pk
                    row.rank = failed["data"].get(f"rank-{pk}", row.rank)
                    row.decision = failed["data"].get(f"decision-{pk}", row.decision)
            for row in block.rows:
                if failed.get("return") == row.application.pk:
                    row.return_errors = failed["errors"]
                    row.return_comment = failed["comment"]
                for claim_row in row.claims:
                    if failed.get("claim") == claim_row.claim.pk:
                        claim_row.errors = failed["errors"]
                        claim_row.reason = failed["reason"]
    stages = {s.kind: s for s in campaign.stages.all()}
    recommendation_stage = stages.get(StageKind.RECOMMENDATION)
    context = {
        "campaign": campaign,
        "sections": sections,
        "application_stage": stages.get(StageKind.APPLICATION),
        "recommendation_stage": recommendation_stage,
        # Claims are decided while the recommendation stage is open (the service says so
        # too; the page just does not offer what would be refused).
        "claims_open": bool(recommendation_stage and stage_is_open(recommendation_stage)),
        # Photos reused across applicants or activities, for the unit to judge side by side.
        "photo_flags": photo_flags(
            row.application
            for section in sections
            for block in section.blocks
            for row in block.rows + block.closed
        ),
    }
    return render(request, "campaigns/review.html", context)


@login_required
def review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _render_review(request, _campaign(pk))


def _decisions(
    applications: list[Application], data: Any
) -> tuple[list[Application], list[Application], list[Application]]:
    """Read the posted order and decisions. An application the page did not post (another
    colleague decided it meanwhile) keeps its decision, so the quota check sees it."""
    errors = []
    chosen: dict[str, list[tuple[int, int, Application]]] = {
        "recommended": [],
        "alternate": [],
        "not_recommended": [],
    }
    for application in applications:
        name = application.organization.name
        decision = data.get(f"decision-{application.pk}")
        rank_text = (data.get(f"rank-{application.pk}") or "").strip()
        if decision is None:
            decision, rank_text = application.status, str(application.rank or "")
            if decision not in ("recommended", "alternate"):
                continue
        if decision not in DECISIONS[State(application.status)]:
            errors.append(_("请为“%(name)s”选择推荐意见。") % {"name": name})
            continue
        if not decision:
            continue
        if rank_text and not (rank_text.isdigit() and int(rank_text) > 0):
            errors.append(_("“%(name)s”的顺序必须是正整数。") % {"name": name})
            continue
        rank = int(rank_text) if rank_text else 10**6
        chosen[decision].append((rank, application.rank or 10**6, application))
    if errors:
        raise ValidationError(errors)

    def ordered(key: str) -> list[Application]:
        return [a for *_order, a in sorted(chosen[key], key=lambda t: (t[0], t[1], t[2].pk))]

    return ordered("recommended"), ordered("alternate"), ordered("not_recommended")


@login_required
@require_POST
def recommend(request: AuthenticatedRequest, pk: int, award_pk: int) -> HttpResponse:
    campaign = _campaign(pk)
    award = get_object_or_404(Award.objects.select_related("campaign"), pk=award_pk, campaign=pk)
    unit = _my_unit(request, campaign, request.POST.get("unit", ""))
    require_perm(request.user, "campaigns.recommend", unit.region or unit.body)
    applications = list(
        Application.objects.filter(
            campaign=campaign, award=award, status__in=list(DECISIONS), **unit.kwargs
        ).select_related("organization")
    )
    try:
        recommended, alternates, not_recommended = _decisions(applications, request.POST)
        services.recommend(
            acting_user=request.user,
            award=award,
            recommended=recommended,
            alternates=alternates,
            not_recommended=not_recommended,
            **unit.kwargs,
        )
    except ValidationError as error:
        block = f"{unit.key}-award-{award.pk}"
        failed = {"block": block, "errors": _messages(error), "data": request.POST}
        return _render_review(request, campaign, failed)
    messages.success(
        request,
        _("%(award)s：已推荐 %(n)d 个，备选 %(m)d 个。")
        % {"award": award.label, "n": len(recommended), "m": len(alternates)},
    )
    url = reverse("campaigns:review", args=[campaign.pk])
    return redirect(f"{url}#{unit.key}-award-{award.pk}")


@login_required
@require_POST
def application_return(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.select_related("campaign__office"), pk=pk)
    require_perm(request.user, "campaigns.review_application", application)
    comment = request.POST.get("comment", "")
    try:
        services.application_return(
            acting_user=request.user,
            application=application,
            comment=comment,
        )
    except ValidationError as error:
        failed = {"return": application.pk, "errors": _messages(error), "comment": comment}
        return _render_review(request, application.campaign, failed)
    messages.success(request, _("已退回修改：%(name)s。") % {"name": application.organization})
    return redirect("campaigns:review", pk=application.campaign_id)


@login_required
@require_POST
def applications_return(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Return the ticked applications with one comment (批量退回)."""
    campaign = _campaign(pk)
    ids = [int(i) for i in request.POST.getlist("application") if i.isdigit()]
    chosen = list(
        Application.objects.filter(campaign=campaign, pk__in=ids).select_related(
            "campaign__office", "organization"
        )
    )
    url = reverse("campaigns:review", args=[campaign.pk])
    anchor = request.POST.get("block", "")
    if anchor.replace("-", "_").isidentifier():
        url = f"{url}#{anchor}"
    try:
        if len(chosen) != len(set(ids)):
            raise PermissionDenied
        returned = services.applications_return(
            acting_user=request.user, applications=chosen, comment=request.POST.get("comment", "")
        )
    except ValidationError as error:
        for text in _messages(error):
            messages.error(request, text)
        return redirect(url)
    messages.success(
        request,
        _("已退回 %(n)d 个申报修改：%(names)s。")
        % {"n": len(returned), "names": "、".join(a.organization.name for a in returned)},
    )
    return redirect(url)


@login_required
@require_POST
def bonus_claim_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Confirm a bonus claim, or reject it with a reason (特色加分认定)."""
    claim = get_object_or_404(
        BonusClaim.objects.select_related(
            "application__campaign__office", "application__organization"
        ),
        pk=pk,
    )
    application = claim.application
    require_perm(request.user, "campaigns.review_application", application)
    form = ClaimDecisionForm(request.POST)
    form.is_valid()
    decision = form.cleaned_data.get("decision", "")
    reason = form.cleaned_data.get("reason", "")
    try:
        if decision not in ("confirm", "reject"):
            raise ValidationError(_("请选择确认或不予认定。"))
        claims.bonus_claim_decide(
            acting_user=request.user,
            claim=claim,
            confirm=decision == "confirm",
            reason=reason,
        )
    except ValidationError as error:
        failed = {"claim": claim.pk, "errors": _messages(error), "reason": reason}
        return _render_review(request, application.campaign, failed)
    done = _("已确认加分：%(title)s。") if decision == "confirm" else _("不予认定加分：%(title)s。")
    messages.success(request, done % {"title": claim.title})
    url = reverse("campaigns:review", args=[application.campaign_id])
    return redirect(f"{url}#claims-{application.pk}")


@login_required
def report(request: AuthenticatedRequest, pk: int, fmt: str) -> HttpResponse:
    """The unit's recommendation report (推荐报告) as a 公文, Word or PDF: the number and
    date issued by 发文（取号）, or an unnumbered draft before."""
    campaign = _campaign(pk)
    unit = _my_unit(request, campaign, request.GET.get("unit", ""))
    printed = official_docs.report_printing(campaign, unit)
    doc = official_docs.recommendation_report(
        campaign, unit, number=printed.number, on=printed.signed_on
    )
    return official_response(doc, official_docs.report_filename(campaign), fmt)


@login_required
@require_POST
def report_issue(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """发文（取号） for the unit's recommendation report."""
    campaign = _campaign(pk)
    unit = _my_unit(request, campaign, request.POST.get("unit", ""))
    try:
        issued = official_docs.report_issue(acting_user=request.user, campaign=campaign, unit=unit)
    except ValidationError as error:
        for message in _messages(error):
            messages.error(request, message)
    else:
        messages.success(
            request, _("推荐报告已登记发文字号%(number)s。") % {"number": issued.number}
        )
    return redirect(f"{reverse('campaigns:review', args=[campaign.pk])}#{unit.key}")


class StampedReportForm(forms.Form):
    responsible_person = forms.CharField(label=gettext_lazy("推荐责任人"), max_length=50)
    stamped_pdf = forms.FileField(label=gettext_lazy("盖章推荐报告（PDF）"))


@login_required
@require_POST
def recommendation_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = _campaign(pk)
    unit = _my_unit(request, campaign, request.POST.get("unit", ""))
    form = StampedReportForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise _form_errors(form)
        services.recommendation_submit(
            acting_user=request.user,
            campaign=campaign,
            responsible_person=form.cleaned_data["responsible_person"],
            stamped_pdf=form.cleaned_data["stamped_pdf"],
            **unit.kwargs,
        )
    except ValidationError as error:
        failed = {
            "submit": unit.key,
            "errors": _messages(error),
            "responsible_person": request.POST.get("responsible_person", ""),
        }
        return _render_review(request, campaign, failed)
    messages.success(request, _("盖章推荐报告已报送。"))
    return redirect(f"{reverse('campaigns:review', args=[campaign.pk])}#{unit.key}")


# ---- the running office's quota dashboard -------------------------------------------------


class QuotaChangeForm(forms.Form):
    unit = forms.CharField(widget=forms.HiddenInput)
    places = forms.IntegerField(label=gettext_lazy("新名额"), min_value=0)
    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=QuotaChangeKind.choices)
    # The service says why an empty reason is refused; the form only reads it.
    reason = forms.CharField(label=gettext_lazy("原因"), max_length=500, required=False)


def _render_dashboard(
    request: AuthenticatedRequest, campaign: Campaign, failed: dict[str, Any] | None = None
) -> HttpResponse:
    context = {
        "campaign": campaign,
        "overview": quota_overview(campaign),
        "history": quota_history(campaign),
        "pending": pending_exceptional(campaign),
        "units": unit_choices(campaign),
        "kinds": QuotaChangeKind.choices,
        "failed": failed,
    }
    return render(request, "campaigns/quota_dashboard.html", context)


@login_required
def quota_dashboard(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = _campaign(pk)
    require_perm(request.user, "campaigns.manage_campaign", campaign)
    return _render_dashboard(request, campaign)


@login_required
def quota_notice(request: AuthenticatedRequest, pk: int, fmt: str) -> HttpResponse:
    """The quota notice (名额通知) as a 公文, with the number issued by 发文（取号）."""
    campaign = _campaign(pk)
    require_perm(request.user, "campaigns.manage_campaign", campaign)
    printed = official_docs.quota_printing(campaign)
    doc = official_docs.quota_notice(campaign, number=printed.number, on=printed.signed_on)
    return official_response(doc, official_docs.quota_filename(campaign), fmt)


@login_required
@require_POST
def quota_notice_issue(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """发文（取号） for the quota notice."""
    campaign = _campaign(pk)
    require_perm(request.user, "campaigns.manage_campaign", campaign)
    try:
        issued = official_docs.quota_issue(acting_user=request.user, campaign=campaign)
    except ValidationError as error:
        for message in _messages(error):
            messages.error(request, message)
    else:
        messages.success(
            request, _("名额通知已登记发文字号%(number)s。") % {"number": issued.number}
        )
    return redirect("campaigns:quotas", pk=campaign.pk)


@login_required
@require_POST
def quota_change(request: AuthenticatedRequest, pk: int, award_pk: int) -> HttpResponse:
    campaign = _campaign(pk)
    require_perm(request.user, "campaigns.manage_campaign", campaign)
    award = get_object_or_404(Award.objects.select_related("campaign"), pk=award_pk, campaign=pk)
    form = QuotaChangeForm(request.POST)
    unit = unit_from_key(campaign, request.POST.get("unit", ""))
    try:
        if unit is None:
            raise ValidationError(_("请选择推荐单位。"))
        if not form.is_valid():
            raise _form_errors(form)
        services.quota_set(
            acting_user=request.user,
            award=award,
            places=form.cleaned_data["places"],
            kind=form.cleaned_data["kind"],
            reason=form.cleaned_data["reason"],
            **unit.kwargs,
        )
    except ValidationError as error:
        failed = {
            "unit_name": unit.name if unit else "—",
            "award": award,
            "errors": _messages(error),
            "data": request.POST,
        }
        return _render_dashboard(request, campaign, failed)
    messages.success(
        request,
        _("%(unit)s %(award)s 名额已调整为 %(n)d 个。")
        % {"unit": unit.name, "award": award.label, "n": form.cleaned_data["places"]},
    )
    return redirect("campaigns:quotas", pk=campaign.pk)


@login_required
@require_POST
def exceptional_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(
        Application.objects.select_related("campaign", "organization"), pk=pk
    )
    require_perm(request.user, "campaigns.manage_campaign", application.campaign)
    decision = request.POST.get("decision")
    try:
        if decision not in ("approve", "refuse"):
            raise ValidationError(_("请选择批准或不批准。"))
        services.exceptional_decide(
            acting_user=request.user,
            application=application,
            approve=decision == "approve",
            comment=request.POST.get("comment", "").strip(),
        )
    except ValidationError as error:
        for message in _messages(error):
            messages.error(request, message)
    else:
        done = (
            _("已批准破格申报：%(name)s。")
            if decision == "approve"
            else _("不批准破格申报：%(name)s。")
        )
        messages.success(request, done % {"name": application.organization.name})
    return redirect(f"{reverse('campaigns:quotas', args=[application.campaign_id])}#exceptional")
