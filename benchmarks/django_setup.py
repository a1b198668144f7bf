"""Shared set-up for benchmarks that need Django: a fresh database in a temporary folder."""

import os
import secrets
import sys
import tempfile
from pathlib import Path

import django
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]


def setup(database_url: str | None = None) -> Path:
    """Point Wenming at a throwaway SQLite file (or DATABASE_URL), migrate, return the folder."""
    sys.path.insert(0, str(ROOT / "src"))
    folder = Path(tempfile.mkdtemp(prefix="wenming-bench-"))
    os.environ["WENMING_VAR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wenming.settings")
    # DEBUG stays off (as in production, and Django then keeps no query log), so the
    # settings need a key: a throwaway one, for this throwaway database.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("AUDIT_HMAC_KEY", secrets.token_hex(32))
    # Background work runs in the call unless the benchmark queues it (ranking.py: the
    # audit sealer, which production runs in the worker, is timed on its own).
    os.environ.setdefault("TASKS_BACKEND", "immediate")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    django.setup()
    call_command("migrate", verbosity=0)
    return folder
