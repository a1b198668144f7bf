"""Settings for the test suite: the production settings with background work run at once."""

import os

from wenming.settings import *

# A test sees a task's effect directly.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
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
