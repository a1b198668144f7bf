"""The office's ranking pages: the table per award with statistics and charts, the
recompute button (with its reason once a version is frozen), which queues the ranking for
the task worker and follows its progress on the page, the breakdown of one rank with its
deductions, and the Excel and PDF downloads through core's export jobs."""

from decimal import ROUND_HALF_UP
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.campaigns.models import Application, Campaign
from wenming.domain.ranking import RANK_PLACES, Ranked, tie_rule

from .. import services
from ..charts import histogram
from ..models import (
    DeductionRecord,
    Mark,
    MarkMethod,
    RankingResult,
    RankingRun,
    RankingRunStatus,
    Round,
)
from ..selectors import ranking as ranking_reads
from ..selectors import ranking_pages
from ..selectors.assessors import application_disputes
from ..selectors.ranking import explain
from ..services.deductions import deduction_record
from ..services.ranking_runs import UNFINISHED
from ..sheet import sheet
from .common import managed_campaign


def _context(campaign: Campaign, tables: list[ranking_pages.AwardTable]) -> dict[str, object]:
    current = ranking_reads.current(campaign)
    at = current.computed_at if current else None
    by_award, by_county = ranking_pages.totals(campaign, current)
    return {
        "campaign": campaign,
        "version": current,
        "versions": ranking_reads.versions(campaign),
        "awards": tables,
        "empty_awards": ranking_pages.empty_awards(campaign, current),
        "computed_at": at,
        "stale": ranking_reads.is_stale(campaign, at),
        "stats": ranking_reads.statistics(campaign),
        # Each round's normalization setting, shown on the ranking for everyone to see.
        "rounds": list(Round.objects.filter(campaign=campaign).order_by("id")),
        "award_charts": [histogram(t.award.label, by_award.get(t.award.pk, [])) for t in tables],
        "county_charts": [histogram(name, totals) for name, totals in sorted(by_county.items())],
    }


def _page_links(request: AuthenticatedRequest, table: ranking_pages.AwardTable) -> dict[str, str]:
    """The award's previous and next pages as query strings, the other awards' pages kept."""
    page, numbers = table.page, {}
    if page is not None and page.has_previous():
        numbers["previous"] = page.previous_page_number()
    if page is not None and page.has_next():
        numbers["next"] = page.next_page_number()
    links = {}
    for key, number in numbers.items():
        params = request.GET.copy()
        params[table.param] = str(number)
        links[key] = params.urlencode()
    return links


def _run_message(run: RankingRun) -> str:
    return _("已计算第 %(v)s 版排名：%(n)s 个申报参与排名，%(a)s 个转为已测评。") % {
        "v": run.version,
        "n": run.ranked,
        "a": run.assessed,
    }


def _shown_run(campaign: Campaign, asked: str) -> RankingRun | None:
    """The run the page follows: the one its ``?run=`` names (the office's own click),
    else the campaign's run still queued or running, whoever started it."""
    runs = RankingRun.objects.filter(campaign=campaign)
    if asked.isdigit() and (run := runs.filter(pk=int(asked)).first()) is not None:
        return run
    return runs.filter(status__in=UNFINISHED).first()


def _run_context(run: RankingRun | None) -> dict[str, object]:
    message = _run_message(run) if run is not None and run.status == RankingRunStatus.DONE else ""
    return {"run": run, "run_message": message}


@login_required
def ranking(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = managed_campaign(request, pk)
    tables = ranking_pages.paged_tables(campaign, request.GET)
    for table in tables:
        table.links = _page_links(request, table)
    run = _shown_run(campaign, request.GET.get("run", ""))
    context = _context(campaign, tables) | _run_context(run)
    return render(request, "assessment/ranking.html", context)


@login_required
def ranking_run(request: AuthenticatedRequest, pk: int, run: int) -> HttpResponse:
    """The run's card, polled by the page while it runs; once it has ended, the page
    reloads itself to show the new ranking with the result."""
    campaign = managed_campaign(request, pk)
    shown = get_object_or_404(RankingRun, campaign=campaign, pk=run)
    response = render(request, "assessment/ranking.html#ranking-run", _run_context(shown))
    if shown.finished and request.htmx:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def ranking_compute(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Queue the ranking for the task worker, or show the one already queued or running."""
    campaign = managed_campaign(request, pk)
    target = reverse("assessment:ranking", args=[pk])
    try:
        run, started = services.ranking_run_start(
            acting_user=request.user,
            campaign=campaign,
            reason=request.POST.get("reason", "")[:500],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(target)
    run.refresh_from_db()  # a worker that runs tasks at once has already run it
    if run.status == RankingRunStatus.DONE:
        messages.success(request, _run_message(run))
        return redirect(target)
    if run.status == RankingRunStatus.FAILED:
        messages.error(request, run.error or _("计算排名失败，请重试或联系管理员。"))
        return redirect(target)
    if not started:
        messages.info(request, _("排名正在计算中，请等待本次计算完成，不必再次点击。"))
    return redirect(f"{target}?{urlencode({'run': run.pk})}")


@login_required
def ranking_xlsx(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    """The ranking as Excel, as every list's export: at once, or by the task worker."""
    campaign = managed_campaign(request, pk)
    target = reverse("exports:export", args=["ranking"])
    return redirect(f"{target}?{urlencode({'campaign': campaign.pk})}")


@login_required
def ranking_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    """The ranking as PDF: a long document, so the task worker's; this leads to the page
    that starts it."""
    campaign = managed_campaign(request, pk)
    target = reverse("exports:document", args=["ranking-pdf"])
    return redirect(f"{target}?{urlencode({'campaign': campaign.pk})}")


def _rounds(application: Application, explained: Ranked) -> list[dict[str, object]]:
    """The domain's round scores beside what the page shows: names, clause texts and each
    assessor's marks."""
    rounds = {r.pk: r for r in Round.objects.filter(campaign_id=application.campaign_id)}
    entries = sheet(application.award.framework.to_framework())
    marks: dict[tuple[int, str, str], list[tuple[str, object]]] = {}
    rows = Mark.objects.filter(application=application).select_related("assessor")
    for mark in rows.order_by("assessor__username"):
        who = getattr(mark.assessor, "display_name", "") or mark.assessor.get_username()
        marks.setdefault((mark.round_id, mark.clause_key, mark.method), []).append(
            (who, mark.points)
        )
    labels = dict(MarkMethod.choices)
    out: list[dict[str, object]] = []
    for score in explained.rounds:
        clauses = []
        for clause in score.clauses:
            entry = entries.get(clause.key)
            methods = [
                {
                    "label": labels.get(m.figures[2], m.figures[2]),
                    "marks": marks.get((score.key, clause.key, m.figures[2]), []),
                    "value": m.value,
                    "rule": m.rule,
                }
                for m in clause.methods
            ]
            clauses.append(
                {"score": clause, "text": entry.clause.text if entry else "", "methods": methods}
            )
        out.append({"round": rounds.get(score.key), "score": score, "clauses": clauses})
    return out


@login_required
def breakdown(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    result = get_object_or_404(
        RankingResult.objects.select_related(
            "campaign__office", "award", "application__award__framework",
            "application__organization", "version",
        ),
        pk=pk,
    )  # fmt: skip
    require_perm(request.user, "campaigns.manage_campaign", result.campaign)
    application = result.application
    explained = explain(application)
    others = RankingResult.objects.filter(
        version_id=result.version_id, award_id=result.award_id, total=result.total,
        rank__isnull=False,
    ).exclude(pk=result.pk)  # fmt: skip
    ties = [{"other": o, "rule": tie_rule(result, o).value} for o in others.order_by("rank")]
    framework = application.award.framework.to_framework()
    context = {
        "r": result,
        "x": explained,
        "rounds": _rounds(application, explained),
        "disputes": application_disputes(application),  # docs/rules.md#assessor-comparison
        "ties": ties,
        # The stored row is what the ranking said; the page recomputes from today's data.
        "changed": explained.total.quantize(RANK_PLACES, ROUND_HALF_UP) != result.total,
        "deduction_items": framework.deductions,
        "deduction_records": DeductionRecord.objects.filter(application=application)
        .select_related("recorded_by")
        .order_by("recorded_at"),
        "bonus_names": {b.key: b.name for b in framework.bonuses},
        # Each criterion and deduction by its text, not only its number (docs/rules.md#house-style).
        "criterion_texts": {c.number: c.text for i in framework.items for c in i.criteria},
        "deduction_names": {d.key: d.text for d in framework.deductions},
    }
    return render(request, "assessment/breakdown.html", context)


@login_required
@require_POST
def deduction_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(
        Application.objects.select_related("campaign__office", "award__framework"), pk=pk
    )
    try:
        deduction_record(
            acting_user=request.user,
            application=application,
            key=request.POST.get("key", ""),
            count=request.POST.get("count", "1"),
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已记录减分；重新计算排名后计入总分。"))
    result = RankingResult.objects.filter(application=application).order_by("-pk").first()
    if result is None or not request.user.has_perm(
        "campaigns.manage_campaign", application.campaign
    ):
        return redirect("home")
    return redirect("assessment:breakdown", pk=result.pk)


@login_required
@require_POST
def standing_set(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(
        Application.objects.select_related("campaign__office", "award__framework"), pk=pk
    )
    try:
        preference = int(request.POST.get("preference", "0"))
        services.standing_set(
            acting_user=request.user,
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
    result = RankingResult.objects.filter(application=application).order_by("-pk").first()
    if result is None:
        return redirect("assessment:ranking", pk=application.campaign_id)
    return redirect("assessment:breakdown", pk=result.pk)
