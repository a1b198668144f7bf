# ruff: noqa: S603  (this interpreter on fixed arguments)
"""A task enqueued through Django's tasks API on the RQ backend is run by an RQ worker in
another process, against a Redis started for the test."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_task_enqueued_on_rq_is_run_by_a_worker(redis_url, tmp_path):
    marker = tmp_path / "marker.txt"
    env = {
        **os.environ,
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "wenming.settings",
        "WENMING_VAR": str(tmp_path / "var"),
        "REDIS_URL": f"{redis_url}/0",
        "TASKS_REDIS_URL": f"{redis_url}/1",
        "TASKS_BACKEND": "rq",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }
    env.pop("DATABASE_URL", None)
    enqueue = (
        "import django; django.setup()\n"
        "from tests.stack.tasks import write_marker\n"
        f"result = write_marker.enqueue({str(marker)!r}, '已运行')\n"
        "print(result.status)\n"
    )
    queued = subprocess.run(
        [sys.executable, "-c", enqueue], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert queued.returncode == 0, queued.stderr
    assert queued.stdout.strip().endswith("READY")
    assert not marker.exists()  # queued in Redis, not run in the enqueuing process

    worker = subprocess.run(
        [sys.executable, "manage.py", "rqworker", "--burst", "--job-class",
         "django_tasks_rq.Job", "default"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert worker.returncode == 0, worker.stderr
    assert marker.read_text(encoding="utf-8") == "已运行"
