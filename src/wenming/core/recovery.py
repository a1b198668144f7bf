"""Jobs whose worker died, queued again.

Neither task backend re-runs a task whose worker was killed (kill -9, a lost host): the
database queue (django-tasks-db) leaves its row ``RUNNING`` for ever, and RQ moves the
job to its failed registry once the worker's heartbeat expires. Our job rows know more:
each records the process that claimed it and that process's heartbeat
(``wenming.documents.jobs``). ``jobs_recover`` finds the running jobs whose process is
gone and queues each again, once (a compare-and-set on the claim it saw, so two sweeps
at once queue it once); a job that lost its worker ``MAX_ATTEMPTS`` times is failed.

It runs when a worker process starts and every ``SWEEP_SECONDS`` while it lives
(``start_sweeper``, from the core app's ``ready``), and as ``manage.py jobs_recover``.
The work is idempotent, so a second attempt is safe: a ranking writes in one
transaction the dead process never committed, an export writes its whole file again.
"""

import logging
import sys
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import close_old_connections, models, transaction
from django.utils import timezone

from wenming.assessment.models import RankingRun, RankingRunStatus
from wenming.assessment.tasks import run_ranking
from wenming.documents.jobs import MAX_ATTEMPTS, worker_gone

from .models import ExportJob, ExportStatus
from .tasks import run_export

log = logging.getLogger(__name__)

#: How often a worker process looks for the jobs of dead ones.
SWEEP_SECONDS = 60.0

#: The management commands that run task workers (the database queue's, django-rq's).
WORKER_COMMANDS = {"db_worker", "rqworker", "rqworker-pool"}

#: Each kind of job: its model, its task, its running and pending values.
KINDS: list[tuple[type[models.Model], Callable[[int], Any], str, str]] = [
    (ExportJob, run_export.enqueue, ExportStatus.RUNNING, ExportStatus.PENDING),
    (RankingRun, run_ranking.enqueue, RankingRunStatus.RUNNING, RankingRunStatus.PENDING),
]


def jobs_recover() -> int:
    """Queue again every running job whose worker is gone; return how many."""
    now = timezone.now()
    queued = 0
    for model, enqueue, running, pending in KINDS:
        rows = model.objects.filter(status=running)  # type: ignore[attr-defined]
        for pk, worker, beat, attempts in rows.values_list(
            "pk", "worker", "heartbeat_at", "attempts"
        ):
            if not worker_gone(worker, beat, now):
                continue
            seen = model.objects.filter(  # type: ignore[attr-defined]
                pk=pk, status=running, worker=worker, heartbeat_at=beat
            )
            with transaction.atomic():
                if attempts >= MAX_ATTEMPTS:
                    seen.update(status="failed", finished_at=now)
                    log.warning("%s %s lost its worker %s times", model.__name__, pk, attempts)
                    continue
                if seen.update(status=pending, worker=""):
                    log.warning("%s %s lost its worker %s", model.__name__, pk, worker)
                    transaction.on_commit(partial(enqueue, pk))
                    queued += 1
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
