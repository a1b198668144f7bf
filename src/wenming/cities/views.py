"""Pages of the 文明城市 ranking, for the running office only: the ranking, the settings
(weights and shares), the survey import with its template, and a county's review and
questionnaire. Each view parses, calls one service and renders."""

import tempfile
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.campaigns.models import Application, Campaign, Stage
from wenming.campaigns.stages import stage_is_open
from wenming.documents.style import edition_words
from wenming.documents.xlsx import xlsx_response
from wenming.domain.stage_gates import StageKind

from . import selectors, services
from .forms import QuestionnaireForm, ReviewForm, SettingsForm, SurveyUploadForm
from .messages import PART_LABELS, percent
from .models import QuestionnaireRate, ReviewScore, SurveyImport, SurveyResult
from .survey_workbook import help_lines, write_template


def _campaign(request: AuthenticatedRequest, pk: int) -> Campaign:
    campaign = get_object_or_404(Campaign.objects.select_related("office"), pk=pk)
    require_perm(request.user, "campaigns.manage_campaign", campaign)
    return campaign


def _assessment_open(campaign: Campaign) -> bool:
    stage = Stage.objects.filter(campaign=campaign, kind=StageKind.ASSESSMENT).first()
    return stage is not None and stage_is_open(stage)


def _settings_lines(weights: dict[str, Any], named: int, nominated: int) -> dict[str, Any]:
    """The settings as the pages state them: 实地测评 60%、材料审核 20%、问卷调查 20%."""
    return {
        "weights": [(PART_LABELS[part], percent(value)) for part, value in weights.items()],
        "named": named,
        "nominated": nominated,
    }


def _latest_import(campaign: Campaign) -> SurveyImport | None:
    return SurveyImport.objects.filter(campaign=campaign).select_related("imported_by").first()


@login_required
def ranking(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Every county of the campaign's city awards with its parts, composite and outcome:
    live while the assessment runs, as frozen once it closed."""
    campaign = _campaign(request, pk)
    frozen = selectors.frozen_ranking(campaign)
    if frozen is not None:
        awards = selectors.frozen_lines(frozen)
        shown = _settings_lines(frozen.weights, frozen.named, frozen.nominated)
    else:
        awards = selectors.live_ranking(campaign)
        shown = _settings_lines(campaign.city_weights, campaign.city_named, campaign.city_nominated)
    context = {
        "campaign": campaign,
        "awards": awards,
        "frozen": frozen,
        "settings": shown,
        "survey": _latest_import(campaign),
        "open": _assessment_open(campaign),
        "missing": selectors.unranked(campaign) or (),
        "part_labels": PART_LABELS,
    }
    return render(request, "cities/ranking.html", context)


@login_required
def settings_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The composite's weights and the two shares."""
    campaign = _campaign(request, pk)
    form = SettingsForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.city_settings_set(
                acting_user=request.user,
                campaign=campaign,
                weights=form.weights(),
                named=form.cleaned_data["named"],
                nominated=form.cleaned_data["nominated"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("文明城市测评设置已保存。"))
            return redirect("cities:ranking", pk=pk)
    closed = selectors.frozen_ranking(campaign) is not None
    return render(
        request, "cities/settings.html", {"campaign": campaign, "form": form, "closed": closed}
    )


@login_required
def survey_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Upload the survey company's workbook; its errors are listed by row and column."""
    campaign = _campaign(request, pk)
    form = SurveyUploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            record = services.survey_import(
                acting_user=request.user, campaign=campaign, upload=form.cleaned_data["file"]
            )
        except ValidationError as problem:
            errors = problem.messages
            messages.error(request, _("文件有错误，未导入任何成绩。"))
        else:
            messages.success(
                request, _("已导入 %(n)d 个县（市、区）的实地测评成绩。") % {"n": record.rows}
            )
            return redirect("cities:ranking", pk=pk)
    latest = _latest_import(campaign)
    results = (
        SurveyResult.objects.filter(survey_import=latest)
        .select_related("application__organization")
        .order_by("row")
        if latest
        else SurveyResult.objects.none()
    )
    context = {
        "campaign": campaign,
        "form": form,
        "errors": errors,
        "latest": latest,
        "results": results,
        "help": help_lines(),
        "open": _assessment_open(campaign),
    }
    return render(request, "cities/survey.html", context)


@login_required
def survey_template(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    """The template, with the recommended counties already named and coded."""
    campaign = _campaign(request, pk)
    counties = [
        (a.organization.name, a.organization.region.code) for a in selectors.applicants(campaign)
    ]
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes (and so deletes) it
    write_template(handle, counties)
    name = _("%(edition)s文明城市实地测评成绩导入模板.xlsx") % {
        "edition": edition_words(campaign.edition)
    }
    return xlsx_response(handle, name)


def _county(request: AuthenticatedRequest, pk: int) -> Application:
    application = get_object_or_404(
        Application.objects.select_related(
            "campaign__office", "organization__region", "award__framework"
        ),
        pk=pk,
    )
    require_perm(request.user, "campaigns.manage_campaign", application.campaign)
    return application


def _county_page(
    request: AuthenticatedRequest,
    application: Application,
    review_form: ReviewForm | None = None,
    questionnaire_form: QuestionnaireForm | None = None,
) -> HttpResponse:
    framework = application.award.framework.to_framework()
    review = ReviewScore.objects.filter(application=application).first()
    rate = QuestionnaireRate.objects.filter(application=application).first()
    if review_form is None:
        initial = {f"item_{k}": v for k, v in (review.items if review else {}).items()}
        review_form = ReviewForm(framework=framework, initial=initial)
    if questionnaire_form is None:
        initial = {"rate": rate.rate, "respondents": rate.respondents} if rate else {}
        questionnaire_form = QuestionnaireForm(initial=initial)
    context = {
        "application": application,
        "campaign": application.campaign,
        "framework": framework,
        "review": review,
        "rate": rate,
        "survey": SurveyResult.objects.filter(application=application).first(),
        "review_form": review_form,
        "questionnaire_form": questionnaire_form,
        "open": _assessment_open(application.campaign),
    }
    return render(request, "cities/county.html", context)


@login_required
def county(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A county's three parts: the survey as imported, the review and the questionnaire."""
    return _county_page(request, _county(request, pk))


@login_required
@require_POST
def county_review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = _county(request, pk)
    framework = application.award.framework.to_framework()
    form = ReviewForm(request.POST, framework=framework)
    if form.is_valid():
        try:
            services.review_record(
                acting_user=request.user, application=application, items=form.items()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("材料审核成绩已保存。"))
            return redirect("cities:county", pk=pk)
    return _county_page(request, application, review_form=form)


@login_required
@require_POST
def county_questionnaire(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = _county(request, pk)
    form = QuestionnaireForm(request.POST)
    if form.is_valid():
        try:
            services.questionnaire_record(
                acting_user=request.user,
                application=application,
                rate=form.cleaned_data["rate"],
                respondents=form.cleaned_data["respondents"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("问卷调查成绩已保存。"))
            return redirect("cities:county", pk=pk)
    return _county_page(request, application, questionnaire_form=form)
