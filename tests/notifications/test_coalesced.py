"""A burst of commits queues one dispatcher run and one sealer run, due when the burst's
flag expires (wenming.coalesce); the next commit after it queues the next run. On a
queue that runs at once, every commit runs them."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.tasks import task_backends
from django.test import override_settings
from django.utils import timezone

from wenming.audit import sealing
from wenming.notifications import dispatch

DEFERRING = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def _queued(name: str) -> list[Any]:
    results: list[Any] = getattr(task_backends["default"], "results")  # noqa: B009  (the dummy)
    return [r for r in results if r.task.name == name]


@pytest.mark.django_db
@override_settings(TASKS=DEFERRING)
def test_a_burst_of_commits_queues_one_run_each(django_capture_on_commit_callbacks: Any) -> None:
    cache.clear()
    started = timezone.now()
    for _ in range(20):
        with django_capture_on_commit_callbacks(execute=True):
            dispatch.dispatch_soon()
            sealing.seal_soon()
    [run] = _queued("dispatch_task")
    [seal] = _queued("seal_chain")
    for due, delay in ((run.task.run_after, dispatch.DELAY), (seal.task.run_after, 1)):
        assert started + timedelta(seconds=delay) <= due
        assert due <= timezone.now() + timedelta(seconds=delay)
    cache.clear()  # the flags' seconds are over
    with django_capture_on_commit_callbacks(execute=True):
        dispatch.dispatch_soon()
    assert len(_queued("dispatch_task")) == 2


@pytest.mark.django_db
def test_a_queue_that_runs_at_once_runs_on_every_commit(
    django_capture_on_commit_callbacks: Any,
) -> None:
    cache.clear()
    runs: list[int] = []

    def counted() -> int:
        runs.append(1)
        return 0

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dispatch, "dispatch", counted)
        for _ in range(3):
            with django_capture_on_commit_callbacks(execute=True):
                dispatch.dispatch_soon()
    assert len(runs) == 3
