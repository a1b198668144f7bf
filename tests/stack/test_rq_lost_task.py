# ruff: noqa: S603  (this interpreter on fixed arguments)
"""On the RQ backend the sweep can tell a task waiting in Redis from one Redis lost (the
queue's database flushed): ``task_lost`` asks Redis for the task by its id."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_task_flushed_from_redis_counts_as_lost_and_a_waiting_one_does_not(redis_url, tmp_path):
    env = {
        **os.environ,
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "wenming.settings",
        "WENMING_VAR": str(tmp_path / "var"),
        "REDIS_URL": f"{redis_url}/0",
        "TASKS_REDIS_URL": f"{redis_url}/2",
        "TASKS_BACKEND": "rq",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }
    env.pop("DATABASE_URL", None)
    script = (
        "import django; django.setup()\n"
        "import django_rq\n"
        "from django.utils import timezone\n"
        "from tests.stack.tasks import write_marker\n"
        "from wenming.documents.jobs import task_lost\n"
        f"result = write_marker.enqueue({str(tmp_path / 'marker')!r}, 'x')\n"
        "print('waiting', task_lost(write_marker, result.id, timezone.now()))\n"
        "print('unknown', task_lost(write_marker, 'no-such-task', timezone.now()))\n"
        "django_rq.get_connection().flushdb()\n"
        "print('flushed', task_lost(write_marker, result.id, timezone.now()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[-4:] == [
        "waiting False",
        "unknown True",
        "flushed True",
        "",
    ]
