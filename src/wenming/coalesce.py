"""Coalesced tasks: one run, shortly after, for every commit in a short while.

The audit sealer and the notification dispatcher each read "everything new" when they
run, so one run after a burst of commits does the work of a run per commit. Under load
(hundreds of marks saved a second) a run per commit kept a task worker busy with nothing
but dispatches. The rule, one place for both:

- On a queue that can defer (Redis, the database queue), the first commit sets a flag in
  the shared cache for ``delay`` seconds and queues the task to run when the flag
  expires. A commit that finds the flag queues nothing: the run already due starts after
  it committed, so it sees its work. A commit after the flag has expired queues the next.
- On a queue that runs at once (the immediate backend: tests, a small office without a
  worker), the task runs on every commit, after it.
"""

from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.utils import timezone


def enqueue_soon(task: Any, flag: str, delay: int) -> None:
    """Queue ``task`` (no arguments) to run within ``delay`` seconds, unless a run is due."""
    if not task.get_backend().supports_defer:
        task.enqueue()
        return
    if cache.add(flag, True, timeout=delay):
        task.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue()
