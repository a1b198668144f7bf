"""gunicorn's configuration for Wenming (systemd's wenming-web.service and scripts/stack.py).

gunicorn listens on loopback only; nginx in front (deploy/nginx-wenming.conf) is the one
public listener, serves the static files and passes X-Forwarded-For / -Proto, which the
application believes from TRUSTED_PROXIES alone (wenming.core.middleware).
"""

import os

bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")
# Pages are rendered in the worker: a process per core, plus one to cover waits on the
# database. WEB_WORKERS overrides it.
workers = int(os.environ.get("WEB_WORKERS", str((os.cpu_count() or 1) + 1)))
worker_class = "sync"
# Long work (ranking, exports, PDFs) runs in the task worker, so a request that takes
# longer than this is a fault to kill, not a job to wait for.
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# A worker is replaced after this many requests, so a slow leak never grows unbounded.
# Each replacement is cheap (a fork of the loaded master, below), but its first requests
# still fill the per-process caches: at 200 requests a second a limit of 2,000 replaced
# every worker every half minute, and the clients it held waited seconds (the p99).
max_requests = 20000
max_requests_jitter = 2000
# The application is loaded once, in the master, and every worker is a fork of it, so a
# new worker answers at once instead of importing Django, the views and the templates.
# Nothing in the loading touches the database, Redis or S3 (connections are made on first
# use, in the worker), so no connection is shared across a fork.
preload_app = True


def when_ready(server: object) -> None:
    """Before the first fork: import every view (the URLconf) and compile the base
    templates, which Django does lazily on a worker's first request otherwise."""
    # Imported here: the master reads this file before it loads the application.
    from django.template.loader import get_template  # noqa: PLC0415
    from django.urls import get_resolver  # noqa: PLC0415

    get_resolver().url_patterns  # noqa: B018  (the import of every view module)
    for name in ("base.html", "registration/login.html"):
        get_template(name)


# The address of the proxy is the peer; the application reads X-Forwarded-For itself.
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "127.0.0.1")
accesslog = os.environ.get("WEB_ACCESS_LOG", "-")
errorlog = os.environ.get("WEB_ERROR_LOG", "-")
loglevel = "warning"
proc_name = "wenming-web"
