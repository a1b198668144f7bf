"""Background work that survives its worker and its queue: what a job row records of its
task and of the process running it, the heartbeat that process keeps, and the test hook
that holds a job mid-way.

A task backend does not re-run a task whose worker died: the database queue leaves it
``RUNNING`` for ever, RQ moves it to its failed registry. So every job row (core's
``ExportJob``, assessment's ``RankingRun``) records the host and process that claimed it
(``worker``) and a heartbeat a thread of that process refreshes (``heartbeat_at``); core's
sweep (``wenming.core.recovery``) queues again a job whose process is gone (same host, no
such process) or has been silent longer than ``STALE_AFTER``.

Nor does a queue give back a task it lost before any worker took it: Redis flushed, the
database queue's row deleted, the enqueue that failed after the job's commit, a worker
killed between taking the task and claiming the job. So the row also records when it was
last queued (``queued_at``), how many times (``queued``) and the queue's id of that task
(``task_id``, written by ``queue_job``); a job still pending ``LOST_AFTER`` after it was
queued whose task the queue no longer holds waiting (``task_lost``) is queued again.

The work itself is idempotent and its start is a compare-and-set (``claim``): a second
task of the same job finds it claimed or finished and does nothing, so queuing a job
twice is harmless; a ranking writes in one transaction, which a dead process never
committed, and an export writes its whole file again.

Also here: ``DocumentExport``, what core's ExportJob needs to know of a long document
built by the app that owns its rows.
"""

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from django.db import connection, models
from django.db.models import F, QuerySet
from django.tasks import Task, TaskResultStatus
from django.tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import exceptions as backport

log = logging.getLogger(__name__)

Progress = Callable[[int], None]

#: A job's task: called with the job row's id.
JobTask = Task[[int], None]

#: How often a running job's process says it is alive.
HEARTBEAT_SECONDS = 5.0
#: Silent longer than this, a job's process counts as gone (another host, or a process
#: stuck in the kernel): well above a heartbeat a long SQLite write may hold up.
STALE_AFTER = timedelta(minutes=3)
#: A job tried this many times and lost its worker each time is failed, not run again;
#: a job queued this many times whose task is lost again is failed too.
MAX_ATTEMPTS = 3
#: Still pending this long after it was queued, a job whose task the queue does not hold
#: waiting counts as lost: well above the moment between the job's commit and its enqueue
#: (``queue_job``), and between a worker taking the task and claiming the job.
LOST_AFTER = timedelta(minutes=5)

#: The status values every job model shares (each has its own labels).
PENDING, RUNNING, DONE, FAILED = "pending", "running", "done", "failed"
FINISHED = (DONE, FAILED)


@dataclass
class DocumentExport:
    """A document to write in the background: its Chinese file name (whose suffix gives its
    type), how many items it has (for the progress bar) and ``write(handle, progress)``,
    which writes it to ``handle``, tells ``progress`` the items done so far, and returns
    how many it wrote."""

    filename: str
    count: int
    write: Callable[[IO[bytes], Progress], int]


class WorkerClaim(models.Model):
    """The fields a job row keeps of its task on the queue and of the process running it."""

    worker = models.CharField(_("执行进程"), max_length=120, blank=True)
    heartbeat_at = models.DateTimeField(_("最近心跳"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("执行次数"), default=0)
    queued_at = models.DateTimeField(_("排队时间"), default=timezone.now)
    queued = models.PositiveSmallIntegerField(_("排队次数"), default=1)
    task_id = models.CharField(_("队列任务编号"), max_length=64, blank=True)

    class Meta:
        abstract = True


def queue_job(task: JobTask, rows: QuerySet[Any], pk: int) -> None:
    """Put the job ``pk`` (of ``rows``' model) on the queue as ``task`` and record the
    queue's id of it, unless a worker has claimed the job already (the queue's own
    worker, or the immediate backend, may have run it before this returns). Called once
    the transaction that made or queued again the job has committed; should the enqueue
    fail, the job stays pending with no task, and the sweep queues it again."""
    result = task.enqueue(pk)
    rows.filter(pk=pk, status=PENDING, worker="").update(task_id=result.id)


#: What a backend raises for a task it does not know: Django's own, or (the RQ backend
#: builds on the django-tasks backport) the backport's.
_NOT_FOUND = (
    TaskResultDoesNotExist,
    TaskResultMismatch,
    backport.TaskResultDoesNotExist,
    backport.TaskResultMismatch,
)


def task_lost(task: JobTask, task_id: str, now: datetime) -> bool:
    """Whether the queue no longer holds the pending job's task ``task_id`` waiting: it
    does not know it (lost, or never recorded), it ran and ended without claiming the job,
    or it was taken by a worker ``LOST_AFTER`` ago that never claimed the job (killed
    between the two). A backend that cannot look tasks up (the immediate one, which has
    already run it) tells nothing: the task counts as lost."""
    if not task_id or not task.get_backend().supports_get_result:
        return True
    try:
        result = task.get_result(task_id)
    except _NOT_FOUND:
        return True
    if result.status == TaskResultStatus.READY:
        return False
    if result.status == TaskResultStatus.RUNNING:
        taken = result.last_attempted_at or result.started_at
        return taken is None or now - taken > LOST_AFTER
    return True


def worker_identity() -> str:
    """This process as ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _beats() -> bool:
    # SQLite is one host's database, and a long write holds its one write lock: there the
    # process id alone tells, and no thread waits on the lock to say it is alive.
    return connection.vendor != "sqlite"


def worker_gone(worker: str, heartbeat_at: datetime | None, now: datetime) -> bool:
    """Whether the process that claimed a job is gone: on this host, no process of its
    id; anywhere (but on SQLite), no heartbeat for ``STALE_AFTER``."""
    if _beats() and (heartbeat_at is None or now - heartbeat_at > STALE_AFTER):
        return True
    host, _sep, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, under another user
    return False


def claim(rows: QuerySet[Any], **fields: object) -> bool:
    """Record this process as the job's worker (one more attempt) with ``fields``, if no
    process has claimed it since it was last queued and it is not finished; return
    whether it did. A compare-and-set: of two tasks of the same job (queued twice, or
    delivered twice), one works it and the other finds it claimed and does nothing."""
    claimed = (
        rows.filter(worker="")
        .exclude(status__in=FINISHED)
        .update(
            worker=worker_identity(),
            heartbeat_at=timezone.now(),
            attempts=F("attempts") + 1,
            **fields,
        )
    )
    return bool(claimed)


class Heartbeat:
    """While the job runs, a thread with its own database connection refreshes the job's
    ``heartbeat_at`` every ``HEARTBEAT_SECONDS``, with whatever ``set`` was last given
    (a ranking's phase): the job's own work may sit in one long transaction whose writes
    nobody sees before it commits. On SQLite nothing beats (``_beats``) and what ``set``
    gives is written through the job's own connection."""

    def __init__(self, rows: QuerySet[Any], every: float = HEARTBEAT_SECONDS) -> None:
        self.rows, self.every = rows, every
        self.fields: dict[str, object] = {}
        self._wake = threading.Event()
        self._stop = False
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="job-heartbeat", daemon=True)

    def set(self, **fields: object) -> None:
        """Fields to write with the next beat, written at once."""
        if not self._thread.is_alive():
            # This connection: seen at once, or (inside the job's transaction) at its end.
            self.rows.update(**fields)
            return
        with self._lock:
            self.fields.update(fields)
        self._wake.set()

    def _run(self) -> None:
        try:
            while not self._stop:
                with self._lock:
                    fields, self.fields = self.fields, {}
                try:
                    self.rows.update(heartbeat_at=timezone.now(), **fields)
                except Exception:
                    log.warning("job heartbeat missed", exc_info=True)
                    with self._lock:
                        self.fields = fields | self.fields
                self._wake.wait(self.every)
                self._wake.clear()
        finally:
            connection.close()  # this thread's own connection

    def __enter__(self) -> "Heartbeat":
        if _beats() and not connection.in_atomic_block:
            # Inside a transaction (tests run tasks at once in theirs) a beat from another
            # connection could not see the job's row.
            self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()

    def stop(self) -> None:
        """End the beats (before the job's last write, which must not wait on one)."""
        self._stop = True
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join()


def pause_point(name: str) -> None:
    """The kill -9 tests' hook: when ``WENMING_TEST_PAUSE`` names this point, the process
    writes the file ``WENMING_TEST_PAUSE_FILE`` and waits there (to be killed)."""
    if os.environ.get("WENMING_TEST_PAUSE") != name:
        return
    marker = os.environ.get("WENMING_TEST_PAUSE_FILE")
    if marker:
        Path(marker).write_text(worker_identity())
    time.sleep(float(os.environ.get("WENMING_TEST_PAUSE_SECONDS", "120")))
