"""kill -9 in the middle of a job: nothing half-saved, and the job runs again to the end.

A real ``manage.py db_worker`` runs on the test database (the database queue, as the
embedded default), held mid-way by the test hook (``WENMING_TEST_PAUSE``): a ranking
after it has written its rows but before it commits, an export after its rows are laid
out but before its file is stored. It is killed with SIGKILL there; a second worker,
started like the first, finds the job's process gone, queues it again and completes it.
"""

import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from pypdf import PdfReader
from tests.conftest import login

from wenming.assessment import services
from wenming.assessment.models import RankingResult, RankingRun, RankingVersion
from wenming.audit.models import AuditEvent
from wenming.campaigns.models import Application
from wenming.core.models import ExportJob, ExportStatus
from wenming.core.services import export_job_create

from .marking import give

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _worker(pause: str = "", marker: Path | None = None) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
        "WENMING_TEST_DATABASE_NAME": str(connection.settings_dict["NAME"]),
        "PYTHONPATH": os.pathsep.join(["src", "."]),
    }
    if pause:
        env |= {"WENMING_TEST_PAUSE": pause, "WENMING_TEST_PAUSE_FILE": str(marker)}
    args = [sys.executable, "-m", "django", "db_worker", "--no-reload", "--no-startup-delay",
            "--interval", "0.2", "--verbosity", "0"]  # fmt: skip
    return subprocess.Popen(args, cwd=Path.cwd(), env=env)  # noqa: S603


def _wait(what: str, done: Callable[[], bool], seconds: float = 90) -> None:
    end = time.monotonic() + seconds
    while not done():
        if time.monotonic() > end:
            raise AssertionError(f"waited {seconds} s for {what}")
        time.sleep(0.2)


@pytest.fixture
def workers() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _kill_at(pause: str, tmp_path: Path, workers: list[subprocess.Popen[bytes]]) -> None:
    """Start a worker held at ``pause``, wait until it gets there, and kill -9 it."""
    marker = tmp_path / "paused"
    worker = _worker(pause, marker)
    workers.append(worker)
    _wait(f"the worker to reach {pause}", marker.exists)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()  # reaped: its process id is gone


def test_a_ranking_killed_before_it_commits_is_run_again_to_the_end(
    cast, assessment, tmp_path, workers
):
    give(assessment.round, assessment.apps["East Unit"], {"1.1": ["2", "1"], "1.2": ["2"]})
    give(assessment.round, assessment.apps["West Unit"], {"1.1": ["1"]})
    campaign = assessment.setup.campaign
    with override_settings(TASKS=DATABASE_QUEUE):
        run, started = services.ranking_run_start(acting_user=cast.city, campaign=campaign)
    assert started

    _kill_at("ranking:written", tmp_path, workers)
    run.refresh_from_db()
    assert (run.status, run.attempts) == ("running", 1)
    # Nothing half-saved: no version, no row, no status moved, no ranking event.
    assert not RankingVersion.objects.exists()
    assert not RankingResult.objects.exists()
    assert not Application.objects.filter(status="assessed").exists()
    assert not AuditEvent.objects.filter(action="assessment.ranking_compute").exists()

    workers.append(_worker())
    _wait("the ranking to be done", lambda: RankingRun.objects.get().status == "done")
    run.refresh_from_db()
    assert (run.version, run.ranked, run.assessed, run.attempts) == (1, 2, 2, 2)
    ranked = RankingResult.objects.filter(rank__isnull=False).order_by("rank")
    assert [r.name for r in ranked] == ["East Unit", "West Unit"]
    assert Application.objects.filter(status="assessed").count() == 2
    assert AuditEvent.objects.filter(action="assessment.ranking_compute").count() == 1


def test_an_export_killed_mid_way_is_written_again_whole(
    client, cast, assessment, tmp_path, workers
):
    give(assessment.round, assessment.apps["East Unit"], {"1.1": ["2", "1"], "1.2": ["2"]})
    give(assessment.round, assessment.apps["West Unit"], {"1.1": ["1"]})
    campaign = assessment.setup.campaign
    services.ranking_compute(acting_user=cast.city, campaign=campaign)
    with override_settings(TASKS=DATABASE_QUEUE):
        job = export_job_create(
            acting_user=cast.city, kind="ranking-pdf", query=f"campaign={campaign.pk}",
            filename="测评排名.pdf", total_rows=2,
        )  # fmt: skip

    _kill_at("export:progress", tmp_path, workers)
    job.refresh_from_db()
    assert (job.status, job.processed_rows, job.file.name) == (ExportStatus.RUNNING, 2, "")

    workers.append(_worker())
    _wait("the export to be done", lambda: ExportJob.objects.get().status == ExportStatus.DONE)
    job.refresh_from_db()
    assert job.attempts == 2
    login(client, cast.city)
    page = client.get(f"/exports/jobs/{job.pk}/").content.decode()
    assert "已生成，共 2 项。" in page
    body = b"".join(client.get(f"/exports/jobs/{job.pk}/download/").streaming_content)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    assert "East Unit" in text
    assert "West Unit" in text
    assert "申报、抽查与测评情况" in text  # the last part too: the file is whole
