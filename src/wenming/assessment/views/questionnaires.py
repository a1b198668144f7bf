"""Questionnaire pages: the office's overview with token issuing and printable QR sheets,
and the public answer page (no login, phone-first, rate-limited per address)."""

from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.campaigns.models import Application
from wenming.documents.downloads import content_disposition
from wenming.documents.fonts import font_css
from wenming.documents.links import public_url
from wenming.documents.pdf import render_pdf

from .. import services
from ..exports import assessable_applications
from ..models import Questionnaire, QuestionnaireKind, QuestionnaireToken
from ..services.questionnaires import QUESTIONS
from ..thresholds import questionnaire_results
from ..throttle import too_many_answers
from .common import managed_campaign


@login_required
def overview(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Every applicant under assessment with its questionnaires' rates and respondents."""
    campaign = managed_campaign(request, pk)
    # The export shares the page's rows (assessment/exports.py).
    apps = list(
        assessable_applications(campaign, request.GET)
        .select_related("organization", "award")
        .prefetch_related("questionnaires")
    )
    results = questionnaire_results(campaign_id=campaign.pk)
    rows = [(app, results.get(app.pk, {})) for app in apps]
    context = {
        "campaign": campaign,
        "rows": rows,
        "kinds": QuestionnaireKind.choices,
        "query": request.GET.urlencode(),
    }
    return render(request, "assessment/questionnaires.html", context)


@login_required
@require_POST
def issue(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.select_related("campaign__office"), pk=pk)
    try:
        count = int(request.POST.get("count", "0"))
        services.questionnaire_tokens_issue(
            acting_user=request.user,
            application=application,
            kind=request.POST.get("kind", ""),
            count=count,
        )
    except ValueError:
        messages.error(request, _("问卷码数量应为整数。"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已生成 %(n)s 个问卷码。") % {"n": count})
    return redirect("assessment:questionnaires", pk=application.campaign_id)


@login_required
@require_POST
def issue_many(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Tokens for every ticked applicant at once (批量生成问卷码)."""
    campaign = managed_campaign(request, pk)
    ids = [int(i) for i in request.POST.getlist("application") if i.isdigit()]
    chosen = list(Application.objects.filter(campaign=campaign, pk__in=ids))
    try:
        count = int(request.POST.get("count", "0"))
        issued = services.questionnaire_tokens_issue_many(
            acting_user=request.user,
            campaign=campaign,
            applications=chosen,
            kind=request.POST.get("kind", ""),
            count=count,
        )
    except ValueError:
        messages.error(request, _("问卷码数量应为整数。"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("已为 %(n)d 个单位各生成 %(count)d 个问卷码，共 %(total)d 个。")
            % {"n": len(chosen), "count": count, "total": issued},
        )
    return redirect("assessment:questionnaires", pk=campaign.pk)


def _sheet_context(request: AuthenticatedRequest, questionnaire: Questionnaire) -> dict[str, Any]:
    codes = []
    for token in questionnaire.tokens.filter(response__isnull=True):
        url = public_url(reverse("assessment:answer", args=[token.token]), request)
        qr = segno.make(url, error="m")
        codes.append({"token": token.token, "url": url, "svg": qr.svg_data_uri(scale=3)})
    return {"questionnaire": questionnaire, "codes": codes}


@login_required
def sheet(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A printable A4 sheet of QR codes, one per unused token (HTML, or PDF with ?pdf)."""
    questionnaire = get_object_or_404(
        Questionnaire.objects.select_related(
            "application__campaign__office", "application__organization"
        ),
        pk=pk,
    )
    require_perm(request.user, "campaigns.manage_campaign", questionnaire.application.campaign)
    context = _sheet_context(request, questionnaire)
    if "pdf" not in request.GET:
        return render(request, "assessment/qr_sheet.html", context)
    html = render(request, "assessment/qr_sheet_pdf.html", context | {"font_css": font_css()})
    response = HttpResponse(render_pdf(html.content.decode()), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(
        _("%(organization)s问卷二维码.pdf")
        % {"organization": questionnaire.application.organization.name}
    )
    return response


def _parse(kind: str, data: Any) -> dict[str, Any]:
    values = {"yes": True, "no": False}
    return {q: values.get(data.get(q, "")) for q in QUESTIONS[QuestionnaireKind(kind)]}


def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The public page of one respondent token: no login, one response."""
    row = get_object_or_404(
        QuestionnaireToken.objects.select_related(
            "questionnaire__application__organization", "response"
        ),
        token=token,
    )
    questionnaire = row.questionnaire
    context: dict[str, Any] = {"questionnaire": questionnaire, "token": row, "error": ""}
    if hasattr(row, "response"):
        return render(request, "assessment/answer_done.html", context | {"already": True})
    if request.method == "POST":
        if too_many_answers(request.META):
            context["error"] = _("提交过于频繁，请稍后再试。")
            return render(request, "assessment/answer.html", context, status=429)
        try:
            done = services.questionnaire_answer(
                acting_user=request.user,
                token=row,
                answers=_parse(questionnaire.kind, request.POST),
            )
        except ValidationError as error:
            context["error"] = " ".join(error.messages)
            context["given"] = request.POST
            return render(request, "assessment/answer.html", context, status=400)
        return render(request, "assessment/answer_done.html", context | {"already": done.already})
    return render(request, "assessment/answer.html", context)
