"""The applicant's pages: eligible awards with reasons, the application form, self-marks
per scoring point with evidence, submission and withdrawal."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.audit.selectors import timeline_for
from wenming.domain.application_states import EDITABLE
from wenming.domain.family_form import members_text
from wenming.registry.models import Organization
from wenming.registry.scopes import scope_of

from .. import services
from ..eligibility import AwardVerdict, verdicts_for
from ..family_form import FamilyForm, family_form_facts, is_family
from ..forms import (
    BonusClaimForm,
    EvidenceForm,
    FormStatisticsForm,
    SelfMarkForm,
    StartForm,
    WithdrawForm,
)
from ..models import Application, BonusClaim, Campaign, Stage, StageKind
from ..presenting import bonus_panels, condition_rows, evidence_rows
from ..selectors import application_reads as reads
from ..selectors.application_sheet import (
    bonus_form_fields,
    self_sheet,
    self_sheet_form,
    self_total,
)
from ..selectors.applications import statistics_asked, submission_problems
from ..selectors.claims import bonus_rules
from ..services import claims
from ..stages import stage_of


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


@dataclass(frozen=True)
class AwardRow:
    """An award on the workspace: the organization's verdict and its application, if any."""

    verdict: AwardVerdict
    application: Application | None

    @property
    def may_apply(self) -> bool:
        """Eligible, or eligible only as an exceptional application (破格)."""
        return self.verdict.eligible or self.verdict.exceptional_only


@login_required
def workspace(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Each organization the person applies for: the awards it may apply for, and why."""
    campaign = get_object_or_404(Campaign.objects.select_related("office"), pk=pk)
    scope = scope_of(request.user)
    if not scope.organization_ids:
        # Only an applicant contact has a workspace: it lists the contact's organizations.
        raise PermissionDenied(_("您没有权限执行此操作。"))
    organizations = Organization.objects.filter(pk__in=scope.organization_ids).prefetch_related(
        "titles", "honors"
    )
    existing = {
        (a.organization_id, a.award_id): a
        for a in Application.objects.filter(
            campaign=campaign, organization__in=organizations
        ).select_related("award")
    }
    panels = []
    for organization in organizations:
        rows = [
            AwardRow(verdict, existing.get((organization.pk, verdict.award.pk)))
            for verdict in verdicts_for(campaign, organization)
        ]
        panels.append(
            {
                "organization": organization,
                "open": [r for r in rows if r.may_apply],
                "closed": [r for r in rows if not r.may_apply],
            }
        )
    stage = Stage.objects.filter(campaign=campaign, kind=StageKind.APPLICATION).first()
    context = {
        "campaign": campaign,
        "panels": panels,
        "stage": stage,
        "stage_open": stage.is_open() if stage else False,
        "start_form": StartForm(),
    }
    return render(request, "campaigns/workspace.html", context)


@login_required
@require_POST
def application_start(request: AuthenticatedRequest, pk: int, award_pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=pk)
    award = get_object_or_404(campaign.awards, pk=award_pk)
    organization = get_object_or_404(Organization, pk=request.POST.get("organization") or 0)
    form = StartForm(request.POST)
    form.is_valid()
    try:
        application = services.application_start(
            acting_user=request.user,
            campaign=campaign,
            award=award,
            organization=organization,
            justification=form.cleaned_data.get("justification", ""),
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect("campaigns:workspace", pk=pk)
    if is_family(application):
        started = _(
            "已开始申报%(award)s：请填写家庭成员、主要事迹和推荐村（社区），上传佐证材料后提交。"
        )
    else:
        started = _("已开始申报%(award)s：请逐项自评、上传佐证材料后提交。")
    messages.success(request, started % {"award": award.label})
    return redirect("campaigns:application", pk=application.pk)


def _application(request: AuthenticatedRequest, pk: int) -> Application:
    application = reads.application_parts.first(pk)
    if application is None:
        raise Http404
    require_perm(request.user, "campaigns.view_application", application)
    return application


#: The statuses in which an application has a ranked result to read (and perhaps appeal).
RESULT_STATES = frozenset({"assessed", "screened", "published", "approved", "named", "vetoed"})


def _detail_context(request: AuthenticatedRequest, application: Application) -> dict[str, Any]:
    may_edit = request.user.has_perm("campaigns.edit_application", application)
    editable = application.status in EDITABLE and may_edit
    stage = stage_of.first(application.campaign_id, StageKind.APPLICATION.value)
    marks = {m.clause_key: m for m in reads.self_marks_of.list(application.pk)}
    bonus_claims = reads.claims_of.list(application.pk)
    # As application.self_marks and .bonus_claims would have set them.
    for mark in marks.values():
        mark.application = application
    for claim in bonus_claims:
        claim.application = application
    panels = bonus_panels(
        application, bonus_claims, reads.honors_of.list(application.organization_id)
    )
    evidence = evidence_rows(application)
    family = is_family(application)
    if editable and panels:
        fields = bonus_form_fields(application)
        for panel in panels:
            panel["form_fields"] = fields.get(panel["rule"].key, "")
    return {
        "application": application,
        "editable": editable,
        "stage": stage,
        "stage_open": stage.is_open() if stage else False,
        # The statistics form only where the framework's thresholds read it.
        "statistics_form": FormStatisticsForm(initial=application.form)
        if statistics_asked(application.award)
        else None,
        "family_form": _family_form(application) if family else None,
        "family_facts": family_form_facts(application.form) if family else [],
        "sheet": self_sheet(
            application,
            editable=editable,
            csrf_token=get_token(request),
            marks=marks,
            evidence=evidence,
        ),
        "conditions": condition_rows(application, evidence),
        "self_total": self_total(marks),
        "problems": submission_problems(
            application,
            marked=marks.keys(),
            blocked=sum(row["evidence"].blocking for rows in evidence.values() for row in rows),
        )
        if editable
        else [],
        "evidence_form": EvidenceForm(),
        "bonus_panels": panels,
        "withdraw_form": WithdrawForm(),
        # The application's life, who did what and why (a veto, a promotion, an objection);
        # without the marks, one event per clause, which would crowd the workflow out.
        "history": timeline_for(application, limit=100),
        # Once ranked, the applicant reads its result and may appeal (the appeals app's page,
        # named by URL only: this app sits below it).
        "has_result": application.status in RESULT_STATES
        and request.user.has_perm("appeals.lodge", application),
        "can_withdraw": may_edit
        and application.status in {"draft", "submitted", "returned", "recommended", "alternate"},
    }


@login_required
def application_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    return render(
        request, "campaigns/application_detail.html", _detail_context(request, application)
    )


def _family_form(application: Application, data: Any = None) -> FamilyForm:
    form = application.form
    initial = {
        "members": members_text(form.get("members")),
        "deeds": form.get("deeds", ""),
        "honors": form.get("honors", []),
        "other_honors": form.get("other_honors", ""),
        "recommender": form.get("recommender"),
    }
    return FamilyForm(data, initial=initial, family=application.organization)


def _family_form_save(request: AuthenticatedRequest, application: Application) -> HttpResponse:
    """Save the family form; a refusal shows the page again with what the family typed."""
    form = _family_form(application, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.application_update_family_form(
                acting_user=request.user,
                application=application,
                members=data["members"],
                deeds=data["deeds"],
                honors=data["honors"],
                other_honors=data["other_honors"],
                recommender=data["recommender"],
            )
        except ValidationError as error:
            fields = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
            for name, errors in fields.items():
                for message in errors:
                    form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, _("申报表已保存。"))
            return redirect("campaigns:application", pk=application.pk)
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    context = _detail_context(request, application) | {"family_form": form}
    return render(request, "campaigns/application_detail.html", context, status=422)


@login_required
@require_POST
def application_form(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    if is_family(application):
        return _family_form_save(request, application)
    form = FormStatisticsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("统计数据须为非负整数。"))
        return redirect("campaigns:application", pk=pk)
    try:
        services.application_update_form(
            acting_user=request.user, application=application, form=form.cleaned_data
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("申报表已保存。"))
    return redirect("campaigns:application", pk=pk)


@login_required
@require_POST
def self_mark(request: AuthenticatedRequest, pk: int, clause_key: str) -> HttpResponse:
    """Save one self-mark; with htmx, answer with that scoring point's form only."""
    application = _application(request, pk)
    form = SelfMarkForm(request.POST)
    error = ""
    saved = None
    if form.is_valid():
        try:
            saved = services.self_mark_save(
                acting_user=request.user,
                application=application,
                clause_key=clause_key,
                points=form.cleaned_data["points"],
                narrative=form.cleaned_data["narrative"],
            )
        except ValidationError as exc:
            error = _errors(exc)
    else:
        error = _("自评分须为不小于 0 的数字。")
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(f"{application_url(application)}#clause-{clause_key}")
    # The form shows this scoring point's mark: the one just saved, or the one kept.
    kept = [saved] if saved else reads.self_mark_of.list(application.pk, clause_key)
    answer = self_sheet_form(
        application,
        clause_key,
        csrf_token=get_token(request),
        marks={m.clause_key: m for m in kept},
        error=error,
    )
    if answer is None:
        raise Http404
    return HttpResponse(answer, status=422 if error else 200)


def application_url(application: Application) -> str:
    return reverse("campaigns:application", args=[application.pk])


@login_required
@require_POST
def evidence_upload(request: AuthenticatedRequest, pk: int, clause_key: str) -> HttpResponse:
    application = _application(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择材料类型和文件。"))
        return redirect(f"{application_url(application)}#clause-{clause_key}")
    data = form.cleaned_data
    captions = {
        name.removeprefix("caption_"): value
        for name, value in data.items()
        if name.startswith("caption_") and value
    }
    try:
        evidence = services.evidence_add(
            acting_user=request.user,
            application=application,
            clause_key=clause_key,
            kind=data["kind"],
            upload=data["file"],
            activity=data["activity"],
            captions=captions,
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        if evidence.blocking:
            messages.error(
                request,
                _("“%(name)s”不符合要求，已标出原因，请替换。") % {"name": evidence.original_name},
            )
        else:
            messages.success(request, _("材料已上传。"))
    return redirect(f"{application_url(application)}#clause-{clause_key}")


@login_required
@require_POST
def evidence_remove(request: AuthenticatedRequest, pk: int, evidence_pk: int) -> HttpResponse:
    application = _application(request, pk)
    evidence = get_object_or_404(application.evidence, pk=evidence_pk)
    try:
        services.evidence_remove(acting_user=request.user, evidence=evidence)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("已删除“%(name)s”。") % {"name": evidence.original_name})
    return redirect(f"{application_url(application)}#clause-{evidence.clause_key}")


@login_required
@require_POST
def application_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    try:
        services.application_submit(acting_user=request.user, application=application)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("已申报。申报单位不能再修改，除非被退回修改。"))
    return redirect("campaigns:application", pk=pk)


@login_required
@require_POST
def application_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("撤回必须说明原因。"))
        return redirect("campaigns:application", pk=pk)
    try:
        services.application_withdraw(
            acting_user=request.user, application=application, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("申报已撤回。"))
    return redirect("campaigns:application", pk=pk)


# ---- bonus claims (特色加分) ----------------------------------------------------------------


def _bonus_url(application: Application, rule: str) -> str:
    return f"{application_url(application)}#bonus-{rule}"


@login_required
@require_POST
def bonus_claim_add(request: AuthenticatedRequest, pk: int, rule: str) -> HttpResponse:
    application = _application(request, pk)
    bonus = bonus_rules(application).get(rule)
    if bonus is None:
        raise Http404
    form = BonusClaimForm(request.POST, request.FILES, rule=bonus)
    if not form.is_valid():
        for name, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[name].label}：{error}")
        return redirect(_bonus_url(application, rule))
    data = dict(form.cleaned_data)
    upload = data.pop("file")
    try:
        claim = claims.bonus_claim_add(
            acting_user=request.user,
            application=application,
            rule=rule,
            upload=upload,
            **data,
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        if claim.evidence is not None and claim.evidence.blocking:
            messages.error(
                request,
                _("加分已申报，但佐证材料“%(name)s”不符合要求，请删除后重新申报。")
                % {"name": claim.evidence.original_name},
            )
        else:
            messages.success(
                request, _("已申报加分：%(title)s，待推荐单位认定。") % {"title": claim.title}
            )
    return redirect(_bonus_url(application, rule))


@login_required
@require_POST
def bonus_claim_accept(request: AuthenticatedRequest, pk: int, honor_pk: int) -> HttpResponse:
    """Claim an honor the registry holds, in one click."""
    application = _application(request, pk)
    honor = get_object_or_404(application.organization.honors, pk=honor_pk)
    try:
        claim = claims.bonus_claim_add(
            acting_user=request.user,
            application=application,
            honor=honor,
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect(application_url(application))
    messages.success(request, _("已申报加分：%(title)s，待推荐单位认定。") % {"title": claim.title})
    return redirect(_bonus_url(application, claim.rule))


@login_required
@require_POST
def bonus_claim_remove(request: AuthenticatedRequest, pk: int, claim_pk: int) -> HttpResponse:
    application = _application(request, pk)
    claim = get_object_or_404(
        BonusClaim.objects.select_related("evidence"), pk=claim_pk, application=application
    )
    try:
        claims.bonus_claim_remove(acting_user=request.user, claim=claim)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("已撤下加分申报：%(title)s。") % {"title": claim.title})
    return redirect(_bonus_url(application, claim.rule))
