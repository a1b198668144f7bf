"""The settings of the production services, read from an environment mapping.

``settings.py`` calls these with ``os.environ``; tests call them with a plain dict, so each
combination (embedded default, pgbouncer, psycopg's pool, Redis, RQ, S3) is checked without
starting anything. Each returns plain Django settings values; none imports an app.
"""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

Env = Mapping[str, str]

#: RQ kills a job running longer than this; a province's ranking or certificate PDF takes
#: minutes, so the default is generous (RQ's own is 180 s).
DEFAULT_TASK_TIMEOUT = 3600


def flag(env: Env, name: str, default: bool = False) -> bool:
    return env.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


def database(env: Env, var_dir: Path) -> dict[str, Any]:
    """The default database: SQLite in WAL mode unless ``DATABASE_URL`` names PostgreSQL.

    ``DATABASE_PGBOUNCER=1``: the URL points at pgbouncer in transaction mode, where each
    transaction may run on another server connection. Server-side cursors (``.iterator()``)
    would then lose their portal between fetches, and prepared statements their
    preparation; both are turned off. Session state is not relied on elsewhere: the audit
    lock is ``pg_advisory_xact_lock`` (released at commit), and the time zone is one
    pgbouncer tracks per client.

    ``DATABASE_POOL=N``: psycopg's pool in each process, at most N connections (Django
    then needs ``CONN_MAX_AGE=0``: the pool keeps the connections, not Django).

    Straight to PostgreSQL (no pgbouncer), the parameters travel apart from the SQL
    (server-side binding) and a query run five times on a connection is prepared: a page's
    queries (the session's user, its roles, the application with its campaign and award)
    are then planned once per connection instead of once per request. Planning the
    application's six-table join alone took 1.3 ms of PostgreSQL's time per page."""
    config: dict[str, Any] = dict(
        dj_database_url.parse(env["DATABASE_URL"], conn_max_age=60, conn_health_checks=True)
        if env.get("DATABASE_URL")
        else dj_database_url.parse(f"sqlite:///{var_dir / 'wenming.sqlite3'}")
    )
    options: dict[str, Any] = config.setdefault("OPTIONS", {})
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        options.update(
            {
                # WAL lets readers work while one writer writes; IMMEDIATE takes the write
                # lock at BEGIN so two writers queue instead of failing half-way.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            }
        )
        return config
    pgbouncer = flag(env, "DATABASE_PGBOUNCER")
    pool_size = int(env.get("DATABASE_POOL", "0") or 0)
    if pgbouncer and pool_size:
        raise ImproperlyConfigured(
            "DATABASE_PGBOUNCER and DATABASE_POOL are both set: pool the connections in "
            "pgbouncer or in each process, not in both."
        )
    if pgbouncer:
        config["DISABLE_SERVER_SIDE_CURSORS"] = True
        options["prepare_threshold"] = None
    else:
        options["server_side_binding"] = True
        options["prepare_threshold"] = 5
    if pool_size:
        config["CONN_MAX_AGE"] = 0
        config["CONN_HEALTH_CHECKS"] = False
        options["pool"] = {"min_size": 1, "max_size": pool_size, "timeout": 10}
    return config


def caches(env: Env, var_dir: Path) -> dict[str, Any]:
    """Rate-limit counters, locks and (with Redis) sessions must be shared by every worker:
    Redis when ``REDIS_URL`` is set, else files under var/cache (shared by the processes of
    one host)."""
    url = env.get("REDIS_URL", "")
    if url:
        return {"default": {"BACKEND": "wenming.redis_cache.RedisCache", "LOCATION": url}}
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(var_dir / "cache"),
        }
    }


def session_engine(env: Env) -> str:
    """With Redis, sessions are read from the shared cache and written through to the
    database, so a restart of Redis logs nobody out; without it, the database alone."""
    if env.get("REDIS_URL"):
        return "django.contrib.sessions.backends.cached_db"
    return "django.contrib.sessions.backends.db"


def tasks(env: Env) -> dict[str, Any]:
    """``TASKS_BACKEND``: "database" (default, ``manage.py db_worker``), "immediate" (in the
    request) or "rq" (Redis at ``TASKS_REDIS_URL``, default ``REDIS_URL``, worked by
    ``manage.py rqworker``)."""
    kind = env.get("TASKS_BACKEND", "database") or "database"
    backends = {
        "database": "django_tasks_db.DatabaseBackend",
        "immediate": "django.tasks.backends.immediate.ImmediateBackend",
        "rq": "django_tasks_rq.RQBackend",
    }
    if kind not in backends:
        raise ImproperlyConfigured(
            f"TASKS_BACKEND={kind!r} is not known: use one of {', '.join(sorted(backends))}."
        )
    if kind == "rq" and not queue_url(env):
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL, the Redis of the queue.")
    config: dict[str, Any] = {"BACKEND": backends[kind]}
    if kind == "rq":
        config["QUEUES"] = ["default"]
    return {"default": config}


def queue_url(env: Env) -> str:
    """The queue's Redis. Best another database number than the cache's (redis://…/1), so
    clearing the cache never drops a queued task."""
    return env.get("TASKS_REDIS_URL") or env.get("REDIS_URL", "")


def rq_queues(env: Env) -> dict[str, Any]:
    """django-rq's queues (the RQ backend's ``QUEUES`` must each be one of these)."""
    if not queue_url(env):
        return {}
    timeout = int(env.get("TASKS_TIMEOUT", str(DEFAULT_TASK_TIMEOUT)))
    return {"default": {"URL": queue_url(env), "DEFAULT_TIMEOUT": timeout}}


def default_storage(env: Env, var_dir: Path) -> dict[str, Any]:
    """Uploaded files and generated exports: a local folder, or with ``S3_BUCKET`` an
    S3-compatible object store (SeaweedFS, Ceph RGW, Garage, MinIO, AWS).

    Files stay private: no public ACL, and the application serves every download itself
    after its permission check (the bucket's URLs are never handed out). Keys are random
    (the models name them), so a key is never overwritten."""
    bucket = env.get("S3_BUCKET", "")
    if not bucket:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": env.get("MEDIA_ROOT", str(var_dir / "media"))},
        }
    missing = [n for n in ("S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY") if not env.get(n)]
    if missing:
        raise ImproperlyConfigured(f"S3_BUCKET is set but not {' and '.join(missing)}.")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env.get("S3_ENDPOINT_URL") or None,
            "region_name": env.get("S3_REGION", "us-east-1"),
            "access_key": env["S3_ACCESS_KEY_ID"],
            "secret_key": env["S3_SECRET_ACCESS_KEY"],
            # Self-hosted stores answer on one host name: bucket in the path, not the host.
            "addressing_style": env.get("S3_ADDRESSING_STYLE", "path"),
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 300,
            "location": env.get("S3_PREFIX", ""),
        },
    }
