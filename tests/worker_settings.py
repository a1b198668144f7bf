"""Settings of a real task worker beside the test suite (tests/assessment/test_worker_kill.py):
the suite's settings on the database queue, on the test run's own database."""

import os

from tests.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DATABASES["default"]["NAME"] = os.environ["WENMING_TEST_DATABASE_NAME"]  # noqa: F405
