"""Settings for the test suite: the production settings with background work run at once."""

import os

# Set before the production settings are read: with DEBUG off they refuse to start
# without a key. A fixed key of tests only (long and varied, so no check calls it weak).
os.environ.setdefault(
    "SECRET_KEY", "tests-only-Kq7vX2mLp9RzT4wN8bYc3HjF6sD1gA5uE0iO-not-for-production"
)
os.environ.setdefault("AUDIT_HMAC_KEY", "test-audit-key-not-secret-0123456789abcdef")

from wenming.settings import *

# The suite's staff sign in with force_login and no second factor; the 2FA tests
# (tests/security/test_twofactor*.py) turn it on with override_settings.
WENMING_REQUIRE_2FA = False
# A test sees a task's effect directly.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
#: Set by scripts/stack.py (make stack-test): the browser tests then drive the stack's nginx,
#: and this process shares the stack's database (through pgbouncer), Redis, bucket and
#: password hashers (the users it creates sign in on gunicorn).
STACK_URL = os.environ.get("STACK_URL", "")
if not STACK_URL:
    # The rate-limit counters in this process's memory: tests do not share them with another
    # run on the same machine (the file cache of production is tested in tests/security).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Fast hashing in tests; Argon2 stays the production hasher (tested in accounts).
    PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]
    STORAGES = {
        **STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(VAR_DIR / "test-media")},
        },
    }
# Playwright's sync API runs an event loop in the test thread; the ORM is safe there
# because that loop never runs our code concurrently.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: threads then share the database through SQLite's own locking
    # (in-memory shared cache fails with "table is locked" instead of waiting). One file
    # per process, so two runs at once never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
