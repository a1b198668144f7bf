"""A job whose task the queue lost before any worker claimed it is queued again and
finished; one whose task merely waits is left alone; a job queued twice is worked once;
and after ``MAX_ATTEMPTS`` queueings lost, the job is failed and its page says so.

The database queue (the embedded default) holds the tasks: its rows are what a worker
takes, and deleting one is the queue losing it (as a flushed Redis would). ``deliver``
plays a worker: it takes each waiting task in turn and runs it.
"""

from datetime import timedelta

import pytest
from django.db.models import F
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from tests.conftest import login
from tests.core.test_list_exports import items, sheet_rows  # noqa: F401 (a fixture)

from wenming.audit.models import AuditEvent
from wenming.core.models import ExportJob, ExportStatus
from wenming.core.recovery import jobs_recover
from wenming.core.services import export_job_create
from wenming.core.tasks import run_export
from wenming.documents import jobs

pytestmark = pytest.mark.usefixtures("items")

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
LONG_AGO = jobs.LOST_AFTER + timedelta(minutes=1)


def tasks():
    """The exports' tasks on the queue (the audit sealer may have its own there)."""
    return DBTaskResult.objects.filter(task_path=run_export.module_path)


@pytest.fixture(autouse=True)
def database_queue():
    with override_settings(TASKS=DATABASE_QUEUE):
        yield


@pytest.fixture
def export(cast, django_capture_on_commit_callbacks):
    """The office's large export of the supervision items, committed and queued."""
    with django_capture_on_commit_callbacks(execute=True):
        return export_job_create(
            acting_user=cast.city, kind="supervision-items", query="",
            filename="督办事项清单.xlsx", total_rows=2,
        )  # fmt: skip


def sweep(capture) -> int:
    """The sweep, with what it queues once its transaction commits."""
    with capture(execute=True):
        return jobs_recover()


def deliver() -> int:
    """Take and run every waiting task, in the order queued, as a worker would; return
    how many ran."""
    ran = 0
    while (task := DBTaskResult.objects.ready().order_by("enqueued_at", "id").first()) is not None:
        task.claim("test-worker")
        task.task.call(*task.task_result.args, **task.task_result.kwargs)
        task.set_successful(None)
        ran += 1
    return ran


def age(job: ExportJob, by: timedelta = LONG_AGO) -> None:
    ExportJob.objects.filter(pk=job.pk).update(queued_at=F("queued_at") - by)


def sweeps_recorded(job: ExportJob) -> list[AuditEvent]:
    """The audit events the sweep wrote about the job, in order."""
    return list(
        AuditEvent.objects.filter(
            object_type="core.exportjob", object_id=str(job.pk), action__startswith="job."
        ).order_by("id")
    )


def page_of(client, job: ExportJob) -> str:
    return client.get(reverse("exports:job", args=[job.pk])).content.decode()


def test_a_task_lost_before_any_worker_claimed_it_is_queued_again_and_finished(
    client, cast, export, django_capture_on_commit_callbacks
):
    (task,) = tasks()
    assert export.__class__.objects.get().task_id == str(task.id)
    task.delete()  # the queue lost it
    # Lost a moment ago: not yet taken for lost (the enqueue may still be on its way).
    assert sweep(django_capture_on_commit_callbacks) == 0
    assert deliver() == 0
    login(client, cast.city)
    assert "排队中" in page_of(client, export)

    age(export)
    assert sweep(django_capture_on_commit_callbacks) == 1
    job = ExportJob.objects.get()
    (again,) = tasks().filter(status="READY")
    assert (job.status, job.queued, job.task_id) == (ExportStatus.PENDING, 2, str(again.id))
    assert sweep(django_capture_on_commit_callbacks) == 0  # queued once, not at every sweep

    assert deliver() == 1
    job.refresh_from_db()
    assert (job.status, job.attempts, job.processed_rows) == (ExportStatus.DONE, 1, 2)
    assert "已生成，共 2 行。" in page_of(client, job)
    rows = sheet_rows(client.get(reverse("exports:download", args=[job.pk])))
    assert len(rows) == 3  # the header and both items
    assert any("Dirty stairs" in map(str, row) for row in rows)


def test_a_job_whose_enqueue_failed_after_its_commit_is_queued_by_the_sweep(
    cast, monkeypatch, django_capture_on_commit_callbacks
):
    def refused(*args, **kwargs):
        raise ConnectionError("the queue is down")

    monkeypatch.setattr(DatabaseBackend, "enqueue", refused)
    with django_capture_on_commit_callbacks(execute=True):  # the request still succeeds
        job = export_job_create(
            acting_user=cast.city, kind="supervision-items", query="",
            filename="督办事项清单.xlsx", total_rows=2,
        )  # fmt: skip
    monkeypatch.undo()
    job.refresh_from_db()
    assert (job.status, job.task_id) == (ExportStatus.PENDING, "")
    assert not tasks().exists()
    age(job)
    assert sweep(django_capture_on_commit_callbacks) == 1
    assert deliver() == 1
    assert ExportJob.objects.get().status == ExportStatus.DONE


def test_a_task_waiting_behind_others_is_not_queued_twice(
    export, django_capture_on_commit_callbacks
):
    age(export, timedelta(hours=2))
    assert sweep(django_capture_on_commit_callbacks) == 0
    assert tasks().count() == 1
    assert ExportJob.objects.get().queued == 1


def test_a_task_taken_by_a_worker_killed_before_it_claimed_the_job_is_queued_again(
    export, django_capture_on_commit_callbacks
):
    task = tasks().get()
    task.claim("a worker about to die")  # taken: RUNNING on the queue, the job pending
    age(export)
    assert sweep(django_capture_on_commit_callbacks) == 0  # taken a moment ago
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=timezone.now() - LONG_AGO)
    assert sweep(django_capture_on_commit_callbacks) == 1
    assert deliver() == 1
    job = ExportJob.objects.get()
    assert (job.status, job.attempts, job.queued) == (ExportStatus.DONE, 1, 2)


def test_a_job_queued_twice_is_worked_once(export):
    run_export.enqueue(export.pk)  # a second task of the same job (a sweep's, a redelivery)
    assert deliver() == 2
    job = ExportJob.objects.get()
    assert (job.status, job.attempts) == (ExportStatus.DONE, 1)
    written = job.file.name
    run_export.call(job.pk)  # delivered again once done
    job.refresh_from_db()
    assert (job.attempts, job.file.name) == (1, written)


def test_a_task_delivered_while_another_works_the_job_does_nothing(export):
    jobs.claim(ExportJob.objects.filter(pk=export.pk), status=ExportStatus.RUNNING)
    claimed = ExportJob.objects.get()
    assert deliver() == 1  # the job's own task, delivered meanwhile
    job = ExportJob.objects.get()
    assert (job.status, job.attempts, job.worker) == (ExportStatus.RUNNING, 1, claimed.worker)
    assert job.file.name == ""


def test_two_sweeps_at_once_queue_a_lost_job_once(
    export, monkeypatch, django_capture_on_commit_callbacks
):
    tasks().delete()
    age(export)
    lost = jobs.task_lost
    inner: list[int] = []

    def meanwhile(task, task_id, now):
        # The second sweep runs whole between the first one's read and its write.
        if not inner:
            inner.append(0)
            inner[0] = jobs_recover()
        return lost(task, task_id, now)

    monkeypatch.setattr(jobs, "task_lost", meanwhile)
    assert sweep(django_capture_on_commit_callbacks) == 0
    assert inner == [1]
    assert tasks().count() == 1
    assert ExportJob.objects.get().queued == 2
    assert len(sweeps_recorded(export)) == 1  # the one that queued it


def test_a_job_lost_again_after_max_attempts_is_failed_and_says_so(
    client, cast, export, django_capture_on_commit_callbacks
):
    for times in range(1, jobs.MAX_ATTEMPTS):
        tasks().delete()
        age(export)
        assert sweep(django_capture_on_commit_callbacks) == 1
        assert ExportJob.objects.get().queued == times + 1
    tasks().delete()
    age(export)
    assert sweep(django_capture_on_commit_callbacks) == 0
    job = ExportJob.objects.get()
    assert (job.status, job.queued, job.attempts) == (ExportStatus.FAILED, jobs.MAX_ATTEMPTS, 0)
    assert job.finished_at is not None
    # Each of the sweep's changes is in the trail, by no person, with the lost task named.
    recorded = sweeps_recorded(job)
    assert [e.action for e in recorded] == ["job.requeue"] * (jobs.MAX_ATTEMPTS - 1) + ["job.fail"]
    assert all(e.actor_id is None and "its task" in e.after["lost"] for e in recorded)
    assert (recorded[-1].after["status"], recorded[-1].after["tries"]) == (
        ExportStatus.FAILED,
        jobs.MAX_ATTEMPTS,
    )
    login(client, cast.city)
    assert "导出失败，请重试或联系管理员。" in page_of(client, job)
    # A new click starts afresh rather than returning the failed job.
    with django_capture_on_commit_callbacks(execute=True):
        again = export_job_create(
            acting_user=cast.city, kind="supervision-items", query="",
            filename="督办事项清单.xlsx", total_rows=2,
        )  # fmt: skip
    assert again.pk != job.pk
    assert deliver() == 1
    again.refresh_from_db()
    assert again.status == ExportStatus.DONE
