"""Jobs whose worker died, or whose task the queue lost, queued again.

Neither task backend re-runs a task whose worker was killed (kill -9, a lost host): the
database queue (django-tasks-db) leaves its row ``RUNNING`` for ever, and RQ moves the
job to its failed registry once the worker's heartbeat expires. Nor does either give
back a task it lost before a worker claimed the job: Redis flushed, the queue's row
deleted, an enqueue that failed after the job's commit. Our job rows know more: each
records its task's id and when it was queued, the process that claimed it and that
process's heartbeat (``wenming.documents.jobs``). ``jobs_recover`` queues again, once
each (a compare-and-set on what it saw, so two sweeps at once queue a job once):

- a running job whose process is gone (``worker_gone``); one that lost its worker
  ``MAX_ATTEMPTS`` times is failed;
- a pending job queued more than ``LOST_AFTER`` ago whose task the queue no longer holds
  waiting (``task_lost``); one already queued ``MAX_ATTEMPTS`` times is failed. A task
  that merely waits behind others is left alone.

A failed job says so on its page (导出失败 / 计算排名失败, 请重试或联系管理员) and a new
click starts afresh. The work is idempotent and its start a compare-and-set (``claim``),
so a job queued twice is worked once: a ranking writes in one transaction the dead
process never committed, an export writes its whole file again.

It runs when a worker process starts and every ``SWEEP_SECONDS`` while it lives
(``start_sweeper``, from the core app's ``ready``), and as ``manage.py jobs_recover``.
"""

import logging
import sys
import threading
import time
from datetime import datetime
from functools import partial

from django.db import close_old_connections, models, transaction
from django.db.models import F
from django.utils import timezone

from wenming.assessment.models import RankingRun
from wenming.assessment.tasks import run_ranking
from wenming.audit.services import audit_record
from wenming.documents import jobs
from wenming.documents.jobs import FAILED, MAX_ATTEMPTS, PENDING, RUNNING, JobTask, queue_job

from .models import ExportJob
from .tasks import run_export

log = logging.getLogger(__name__)

#: How often a worker process looks for the jobs of dead ones and for lost tasks.
SWEEP_SECONDS = 60.0

#: The management commands that run task workers (the database queue's, django-rq's).
WORKER_COMMANDS = {"db_worker", "rqworker", "rqworker-pool"}

#: Each kind of job: its model and its task.
KINDS: list[tuple[type[models.Model], JobTask]] = [
    (ExportJob, run_export),
    (RankingRun, run_ranking),
]


def jobs_recover() -> int:
    """Queue again every running job whose worker is gone and every pending job whose
    task is lost; return how many."""
    now = timezone.now()
    return sum(
        _recover_dead(model, task, now) + _recover_lost(model, task, now) for model, task in KINDS
    )


def _requeue(task: JobTask, seen: models.QuerySet[models.Model], pk: int, now: datetime) -> bool:
    """Put the job ``pk`` back on the queue (once this transaction commits) if ``seen``,
    its row as the sweep saw it, still finds it; False when another sweep or a worker
    changed it first."""
    changed = seen.update(
        status=PENDING, worker="", task_id="", queued_at=now, queued=F("queued") + 1
    )
    if changed:
        transaction.on_commit(partial(queue_job, task, seen.model._default_manager.all(), pk))
    return bool(changed)


def _fail_or_requeue(
    task: JobTask,
    seen: models.QuerySet[models.Model],
    pk: int,
    tries: int,
    now: datetime,
    lost: str,
) -> int:
    """Fail the job after ``MAX_ATTEMPTS`` tries, else queue it again; 1 when queued.
    Either only if ``seen`` still finds the row as the sweep saw it."""
    name = seen.model.__name__
    with transaction.atomic():
        if tries >= MAX_ATTEMPTS:
            if seen.update(status=FAILED, finished_at=now):
                log.warning("%s %s lost %s, %s times: failed", name, pk, lost, tries)
                _audit(seen, pk, "job.fail", lost, tries)
            return 0
        if _requeue(task, seen, pk, now):
            log.warning("%s %s lost %s: queued again", name, pk, lost)
            _audit(seen, pk, "job.requeue", lost, tries)
            return 1
    return 0


def _audit(
    seen: models.QuerySet[models.Model], pk: int, action: str, lost: str, tries: int
) -> None:
    """The sweep's change of a job, in the trail beside the click that started it (by the
    system: no person acted)."""
    job = seen.model._default_manager.get(pk=pk)
    audit_record(
        actor=None,
        action=action,
        obj=job,
        after={"status": getattr(job, "status", ""), "lost": lost, "tries": tries},
    )


def _recover_dead(model: type[models.Model], task: JobTask, now: datetime) -> int:
    queued = 0
    rows = model.objects.filter(status=RUNNING)  # type: ignore[attr-defined]
    for pk, worker, beat, attempts in rows.values_list("pk", "worker", "heartbeat_at", "attempts"):
        if not jobs.worker_gone(worker, beat, now):
            continue
        seen = model.objects.filter(pk=pk, status=RUNNING, worker=worker, heartbeat_at=beat)  # type: ignore[attr-defined]
        queued += _fail_or_requeue(task, seen, pk, attempts, now, f"its worker {worker}")
    return queued


def _recover_lost(model: type[models.Model], task: JobTask, now: datetime) -> int:
    queued = 0
    rows = model.objects.filter(status=PENDING, queued_at__lt=now - jobs.LOST_AFTER)  # type: ignore[attr-defined]
    for pk, task_id, queued_at, times in rows.values_list("pk", "task_id", "queued_at", "queued"):
        if not jobs.task_lost(task, task_id, now):
            continue  # waiting behind others
        seen = model.objects.filter(pk=pk, status=PENDING, worker="", queued_at=queued_at)  # type: ignore[attr-defined]
        queued += _fail_or_requeue(task, seen, pk, times, now, f"its task {task_id!r}")
    return queued


def _sweep_forever() -> None:
    while True:
        try:
            jobs_recover()
        except Exception:
            log.exception("job sweep failed")
        finally:
            close_old_connections()
        time.sleep(SWEEP_SECONDS)


def start_sweeper(argv: list[str] | None = None) -> bool:
    """In a task worker's process, sweep at once and then every ``SWEEP_SECONDS``, in a
    thread of its own (the app registry is ready by the time it queries)."""
    argv = sys.argv if argv is None else argv
    if len(argv) < 2 or argv[1] not in WORKER_COMMANDS:
        return False
    threading.Thread(target=_sweep_forever, name="job-sweeper", daemon=True).start()
    return True
