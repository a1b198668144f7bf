"""A ranking run whose task the queue lost before any worker claimed it: the sweep queues
it again and it is computed, once; lost again after ``MAX_ATTEMPTS`` queueings, it is
failed and the ranking page says so. The last test does it with a real ``db_worker``,
whose sweep at start finds the run lost and whose loop then computes it."""

import pytest
from django.db.models import F
from django_tasks_db.models import DBTaskResult
from tests.conftest import login
from tests.core.test_lost_tasks import LONG_AGO, database_queue  # noqa: F401 (a fixture)

from wenming.assessment import services
from wenming.assessment.models import RankingResult, RankingRun, RankingRunStatus, RankingVersion
from wenming.assessment.tasks import run_ranking
from wenming.audit.models import AuditEvent
from wenming.core.recovery import jobs_recover
from wenming.documents import jobs

from .marking import give
from .test_worker_kill import _wait, _worker, workers  # noqa: F401 (a fixture)


def _tasks():
    """The ranking's tasks on the queue (the audit sealer's are there too)."""
    return DBTaskResult.objects.filter(task_path=run_ranking.module_path)


@pytest.fixture
def marked(assessment):
    give(assessment.round, assessment.apps["East Unit"], {"1.1": ["2", "1"], "1.2": ["2"]})
    give(assessment.round, assessment.apps["West Unit"], {"1.1": ["1"]})
    return assessment.setup.campaign


def _lose_and_age() -> None:
    """The queue loses the run's task; the run has waited longer than ``LOST_AFTER``."""
    _tasks().delete()
    RankingRun.objects.update(queued_at=F("queued_at") - LONG_AGO)


def _deliver() -> int:
    ran = 0
    while (task := DBTaskResult.objects.ready().order_by("enqueued_at", "id").first()) is not None:
        task.claim("test-worker")
        task.task.call(*task.task_result.args, **task.task_result.kwargs)
        task.set_successful(None)
        ran += 1
    return ran


def test_a_lost_ranking_run_is_queued_again_and_computed_once(
    client, cast, marked, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run, started = services.ranking_run_start(acting_user=cast.city, campaign=marked)
    assert started
    run.refresh_from_db()
    assert run.task_id == str(_tasks().get().id)
    _lose_and_age()
    login(client, cast.city)
    page = client.get(f"/assessment/campaigns/{marked.pk}/ranking/?run={run.pk}")
    assert "排名计算：排队中" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        assert jobs_recover() == 1
    run.refresh_from_db()
    assert (run.status, run.queued) == (RankingRunStatus.PENDING, 2)
    task = _tasks().get()
    assert run.task_id == str(task.id)
    # The lost task turns up after all (a Redis restored): both run, the run is computed once.
    task.pk = None
    task.save()
    assert _deliver() == 2
    run.refresh_from_db()
    assert (run.status, run.version, run.ranked, run.attempts) == ("done", 1, 2, 1)
    assert RankingVersion.objects.count() == 1
    assert AuditEvent.objects.filter(action="assessment.ranking_compute").count() == 1
    page = client.get(f"/assessment/campaigns/{marked.pk}/ranking/?run={run.pk}")
    assert "已计算第 1 版排名：2 个申报参与排名，2 个转为已测评。" in page.content.decode()


def test_a_run_lost_again_after_max_attempts_is_failed_and_the_page_says_so(
    client, cast, marked, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run, _started = services.ranking_run_start(acting_user=cast.city, campaign=marked)
    for _times in range(1, jobs.MAX_ATTEMPTS):
        _lose_and_age()
        with django_capture_on_commit_callbacks(execute=True):
            assert jobs_recover() == 1
    _lose_and_age()
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs_recover() == 0
    run.refresh_from_db()
    assert (run.status, run.queued, run.attempts) == ("failed", jobs.MAX_ATTEMPTS, 0)
    assert not RankingVersion.objects.exists()
    login(client, cast.city)
    page = client.get(f"/assessment/campaigns/{marked.pk}/ranking/?run={run.pk}")
    assert "计算排名失败，请重试或联系管理员。" in page.content.decode()
    # 计算排名 again starts a new run, which the queue keeps this time.
    with django_capture_on_commit_callbacks(execute=True):
        again, started = services.ranking_run_start(acting_user=cast.city, campaign=marked)
    assert started
    assert again.pk != run.pk
    assert _deliver() == 1
    again.refresh_from_db()
    assert again.status == "done"


@pytest.mark.django_db(transaction=True)
def test_a_worker_starting_after_the_queue_lost_a_run_computes_it(cast, marked, workers):  # noqa: F811 - fixture
    run, _started = services.ranking_run_start(acting_user=cast.city, campaign=marked)
    assert _tasks().count() == 1  # queued once the run committed
    _lose_and_age()

    workers.append(_worker())
    _wait("the lost run to be done", lambda: RankingRun.objects.get().status == "done")
    run.refresh_from_db()
    assert (run.version, run.ranked, run.attempts, run.queued) == (1, 2, 1, 2)
    ranked = RankingResult.objects.filter(rank__isnull=False).order_by("rank")
    assert [r.name for r in ranked] == ["East Unit", "West Unit"]
