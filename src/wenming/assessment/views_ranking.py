"""The office's ranking pages: the table per award with statistics and charts, the
recompute button, the breakdown of one rank, and the Excel and PDF downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenming.campaigns.models import Application, Campaign
from wenming.documents.fonts import font_css

from . import exports, selectors_ranking, services
from .breakdown import explain
from .charts import histogram
from .models import RankingResult


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    campaign = get_object_or_404(Campaign.objects.select_related("office"), pk=pk)
    if not request.user.has_perm("campaigns.manage_campaign", campaign):
        raise PermissionDenied
    return campaign


def _context(campaign: Campaign) -> dict[str, object]:
    every = selectors_ranking.rankings(campaign)
    # Awards nobody applied for would only be empty tables and empty charts.
    awards = [a for a in every if a.rows or a.unranked]
    counties: dict[str, list] = {}
    for award in awards:
        for row in award.rows:
            counties.setdefault(row.county, []).append(row.total)  # type: ignore[attr-defined]
    at = selectors_ranking.computed_at(campaign)
    return {
        "campaign": campaign,
        "awards": awards,
        "empty_awards": [a.award.label for a in every if not (a.rows or a.unranked)],
        "computed_at": at,
        "stale": selectors_ranking.is_stale(campaign, at),
        "stats": selectors_ranking.statistics(campaign),
        "award_charts": [histogram(a.award.label, [r.total for r in a.rows]) for a in awards],
        "county_charts": [histogram(name, totals) for name, totals in sorted(counties.items())],
    }


@login_required
def ranking(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    return render(request, "assessment/ranking.html", _context(campaign))


@login_required
@require_POST
def ranking_compute(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    try:
        done = services.ranking_compute(acting_user=request.user, campaign=campaign)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("已重新计算排名：%(n)s 个申报参与排名，%(a)s 个转为已测评。")
            % {"n": done.ranked, "a": done.assessed},
        )
    return redirect("assessment:ranking", pk=pk)


@login_required
def ranking_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    awards = [a for a in selectors_ranking.rankings(campaign) if a.rows or a.unranked]
    data = exports.ranking_workbook(campaign.name, awards)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="ranking-{campaign.pk}.xlsx"'
    return response


@login_required
def ranking_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    context = _context(campaign) | {"font_css": font_css(), "printed_at": timezone.now()}
    response = HttpResponse(exports.ranking_pdf(context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="ranking-{campaign.pk}.pdf"'
    return response


@login_required
def breakdown(request: HttpRequest, pk: int) -> HttpResponse:
    result = get_object_or_404(
        RankingResult.objects.select_related(
            "campaign__office", "award", "application__award__framework",
            "application__organization",
        ),
        pk=pk,
    )  # fmt: skip
    if not request.user.has_perm("campaigns.manage_campaign", result.campaign):
        raise PermissionDenied
    return render(request, "assessment/breakdown.html", {"x": explain(result)})


@login_required
@require_POST
def standing_set(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(
        Application.objects.select_related("campaign__office", "award__framework"), pk=pk
    )
    try:
        preference = int(request.POST.get("preference", "0"))
        services.standing_set(
            acting_user=request.user,  # type: ignore[arg-type]
            application=application,
            preference=preference,
            note=request.POST.get("note", "")[:300],
        )
    except ValueError:
        messages.error(request, _("同等条件优先项数应在 0 到 3 之间。"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已保存；重新计算后生效。"))
    result = RankingResult.objects.filter(application=application).first()
    if result is None:
        return redirect("assessment:ranking", pk=application.campaign_id)
    return redirect("assessment:breakdown", pk=result.pk)
