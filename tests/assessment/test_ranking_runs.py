"""The ranking in the task worker, as the office sees it: the button queues a run, the page
follows its phase and then says what was ranked; one run at a time per campaign; a
frozen ranking's re-rank keeps its reason; a failed run says why."""

import re

from django.urls import reverse
from tests.conftest import login

from wenming.assessment import services
from wenming.assessment.models import RankingResult, RankingRun, RankingRunStatus, RankingVersion
from wenming.assessment.services.ranking import ranking_freeze
from wenming.assessment.services.ranking_runs import ranking_run_work
from wenming.audit.models import AuditEvent

from .marking import give


def _marked(assessment) -> None:
    give(assessment.round, assessment.apps["East Unit"], {"1.1": ["2", "1"], "1.2": ["2"]})
    give(assessment.round, assessment.apps["West Unit"], {"1.1": ["1"]})


def _text(response) -> str:
    return re.sub(r"<[^>]+>", "", response.content.decode())


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_button_queues_the_ranking_and_the_page_shows_its_result(
    client, cast, assessment, django_capture_on_commit_callbacks
):
    _marked(assessment)
    campaign = assessment.setup.campaign
    login(client, cast.city)
    with django_capture_on_commit_callbacks(execute=True):
        queued = client.post(f"/assessment/campaigns/{campaign.pk}/ranking/compute/")
    run = RankingRun.objects.get()
    assert queued["Location"] == f"/assessment/campaigns/{campaign.pk}/ranking/?run={run.pk}"
    assert (run.status, run.version, run.ranked, run.assessed) == ("done", 1, 2, 2)
    page = client.get(queued["Location"]).content.decode()
    assert "已计算第 1 版排名：2 个申报参与排名，2 个转为已测评。" in page
    assert "hx-get" not in page[page.index('id="ranking-run"') :][:400]
    assert "East Unit" in page
    assert RankingResult.objects.filter(rank__isnull=False).count() == 2
    started = AuditEvent.objects.get(action="assessment.ranking_run_start")
    assert started.actor == cast.city


def test_a_second_click_shows_the_run_still_queued(client, cast, assessment):
    _marked(assessment)
    campaign = assessment.setup.campaign
    login(client, cast.city)
    url = f"/assessment/campaigns/{campaign.pk}/ranking/compute/"
    # Not committed (the test's transaction): the run stays queued.
    first = client.post(url)
    second = client.post(url, follow=True)
    run = RankingRun.objects.get()
    assert first["Location"] == second.redirect_chain[0][0]
    assert "排名正在计算中，请等待本次计算完成，不必再次点击。" in _messages(second)
    page = second.content.decode()
    assert "排名计算：排队中" in _text(second)
    poll = reverse("assessment:ranking_run", args=[campaign.pk, run.pk])
    assert f'hx-get="{poll}"' in page
    # Whoever opens the page meanwhile sees the run too.
    login(client, cast.admin)
    assert (
        "排名计算：排队中"
        in client.get(f"/assessment/campaigns/{campaign.pk}/ranking/").content.decode()
    )


def test_the_poll_shows_the_phase_then_reloads_the_page_once_done(client, cast, assessment):
    _marked(assessment)
    campaign = assessment.setup.campaign
    run = RankingRun.objects.create(
        campaign=campaign, created_by=cast.city, status="running", phase="scoring"
    )
    login(client, cast.city)
    poll = reverse("assessment:ranking_run", args=[campaign.pk, run.pk])
    running = client.get(poll, headers={"HX-Request": "true"})
    assert "排名计算：计算中 · 计算得分与名次" in _text(running)
    assert 'value="40"' in running.content.decode()  # the second of four phases
    assert "HX-Refresh" not in running
    ranking_run_work(run.pk)
    done = client.get(poll, headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"
    assert "已计算第 1 版排名：2 个申报参与排名，2 个转为已测评。" in done.content.decode()
    login(client, cast.county)
    assert client.get(poll).status_code == 403


def test_a_frozen_ranking_is_re_ranked_only_with_its_reason_kept(
    client, cast, assessment, django_capture_on_commit_callbacks
):
    _marked(assessment)
    campaign = assessment.setup.campaign
    services.ranking_compute(acting_user=cast.city, campaign=campaign)
    ranking_freeze(acting_user=cast.city, campaign=campaign)
    login(client, cast.city)
    url = f"/assessment/campaigns/{campaign.pk}/ranking/compute/"
    refused = client.post(url, follow=True)
    assert "第 1 版排名已锁定，重新排名须说明原因。" in _messages(refused)
    assert not RankingRun.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "补录评分后重新排名"})
    run = RankingRun.objects.get()
    assert (run.status, run.version, run.reason) == ("done", 2, "补录评分后重新排名")
    assert RankingVersion.objects.get(number=2).reason == "补录评分后重新排名"
    page = client.get(f"/assessment/campaigns/{campaign.pk}/ranking/?run={run.pk}")
    assert "重新排名原因：补录评分后重新排名" in page.content.decode()


def test_a_run_that_fails_says_why_and_saves_nothing(client, cast, assessment):
    _marked(assessment)
    campaign = assessment.setup.campaign
    services.ranking_compute(acting_user=cast.city, campaign=campaign)
    ranking_freeze(acting_user=cast.city, campaign=campaign)
    # Queued before the freeze, with no reason: the worker refuses it.
    run = RankingRun.objects.create(campaign=campaign, created_by=cast.city)
    ranking_run_work(run.pk)
    run.refresh_from_db()
    assert run.status == RankingRunStatus.FAILED
    assert RankingVersion.objects.count() == 1
    login(client, cast.city)
    page = client.get(f"/assessment/campaigns/{campaign.pk}/ranking/?run={run.pk}")
    assert "第 1 版排名已锁定，重新排名须说明原因。" in page.content.decode()
