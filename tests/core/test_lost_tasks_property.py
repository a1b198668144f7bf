"""Whatever the queue and the workers do to an export job (tasks lost, taken by a worker
killed before it claims the job, delivered twice, a worker killed mid-way), with the
sweep between: the job is claimed at most ``MAX_ATTEMPTS`` times, queued at most
``MAX_ATTEMPTS`` times beyond its claims, a finished job stays as it finished, and once
the queue and the workers behave, the sweeps and a worker bring it to an end: done with
its file, or failed having used its attempts. Never pending for ever.
"""

import socket
import subprocess
from datetime import timedelta

import pytest
from django.db.models import F
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from hypothesis import HealthCheck, settings
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from tests.core.test_list_exports import items  # noqa: F401 (a fixture)

from wenming.core.models import ExportJob, ExportStatus
from wenming.core.recovery import jobs_recover
from wenming.core.services import export_job_create
from wenming.core.tasks import run_export
from wenming.documents import jobs

pytestmark = pytest.mark.usefixtures("items")

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
LONG_AGO = max(jobs.LOST_AFTER, jobs.STALE_AFTER) + timedelta(minutes=1)
PROPERTY = settings(
    max_examples=30,
    stateful_step_count=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _dead_worker() -> str:
    """``host:pid`` of a process of this host that has ended (and been reaped)."""
    process = subprocess.Popen(["true"])  # noqa: S607  (a throwaway process)
    process.wait()
    return f"{socket.gethostname()}:{process.pid}"


class Queue(RuleBasedStateMachine):
    def __init__(self, user, capture) -> None:
        super().__init__()
        self.capture = capture
        ExportJob.objects.all().delete()
        DBTaskResult.objects.all().delete()
        with capture(execute=True):
            self.job = export_job_create(
                acting_user=user, kind="supervision-items", query="",
                filename="督办事项清单.xlsx", total_rows=2,
            )  # fmt: skip
        self.rows = ExportJob.objects.filter(pk=self.job.pk)
        self.finished: tuple[str, str] | None = None  # (status, file) once finished

    def _waiting(self):
        return DBTaskResult.objects.ready().filter(task_path=run_export.module_path)

    def _take(self) -> DBTaskResult | None:
        task = self._waiting().order_by("enqueued_at", "id").first()
        if task is not None:
            task.claim("test-worker")
        return task

    @rule()
    def queue_loses_its_tasks(self) -> None:
        self._waiting().delete()

    @rule()
    def time_passes(self) -> None:
        self.rows.update(
            queued_at=F("queued_at") - LONG_AGO,
            heartbeat_at=timezone.now() - LONG_AGO,
        )
        DBTaskResult.objects.filter(status="RUNNING").update(started_at=F("started_at") - LONG_AGO)

    @rule()
    def sweep(self) -> None:
        with self.capture(execute=True):
            jobs_recover()

    @rule()
    def worker_runs_a_task(self) -> None:
        if (task := self._take()) is not None:
            task.task.call(*task.task_result.args)
            task.set_successful(None)

    @rule()
    def worker_dies_after_taking_a_task(self) -> None:
        self._take()  # RUNNING on the queue for ever; the job never claimed

    @precondition(lambda self: self.rows.get().status == ExportStatus.PENDING)
    @rule()
    def worker_dies_mid_export(self) -> None:
        if self._take() is not None and jobs.claim(self.rows, status=ExportStatus.RUNNING):
            self.rows.update(worker=_dead_worker())

    @rule()
    def task_delivered_twice(self) -> None:
        run_export.enqueue(self.job.pk)

    @invariant()
    def attempts_and_queueings_are_bounded(self) -> None:
        job = self.rows.get()
        assert job.attempts <= jobs.MAX_ATTEMPTS
        assert job.queued <= jobs.MAX_ATTEMPTS + job.attempts

    @invariant()
    def a_finished_job_stays_as_it_finished(self) -> None:
        job = self.rows.get()
        if self.finished is not None:
            assert (job.status, job.file.name) == self.finished
        elif job.finished:
            self.finished = (job.status, job.file.name)

    def teardown(self) -> None:
        # From now on nothing is lost and no worker dies: a few sweeps end the job.
        for _round in range(2 * jobs.MAX_ATTEMPTS + 2):
            self.time_passes()
            self.sweep()
            while (task := self._take()) is not None:
                task.task.call(*task.task_result.args)
                task.set_successful(None)
        job = self.rows.get()
        assert job.status in (ExportStatus.DONE, ExportStatus.FAILED)
        if job.status == ExportStatus.DONE:
            assert job.file.name
            assert job.processed_rows == 2
        else:
            assert job.attempts >= jobs.MAX_ATTEMPTS or job.queued >= jobs.MAX_ATTEMPTS


def test_no_export_job_is_lost_or_worked_twice(cast, django_capture_on_commit_callbacks):
    with override_settings(TASKS=DATABASE_QUEUE):
        run_state_machine_as_test(
            lambda: Queue(cast.city, django_capture_on_commit_callbacks), settings=PROPERTY
        )
