"""The coalescing rule as a stateful property: whatever the order of commits and the
passing of time, every commit is followed, within the delay, by a run that starts after
it (so the run reads what the commit wrote), and no two runs are due within one delay."""

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any
from unittest import mock

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from wenming import coalesce

DELAY = 1
START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START


class FlagCache:
    """Django's cache.add with expiry, on the machine's clock."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.expires: dict[str, datetime] = {}

    def add(self, key: str, value: Any, timeout: int) -> bool:
        if key in self.expires and self.expires[key] > self.clock.now:
            return False
        self.expires[key] = self.clock.now + timedelta(seconds=timeout)
        return True


class Queue:
    supports_defer = True

    def __init__(self) -> None:
        self.due: list[datetime] = []


class Task:
    def __init__(self, queue: Queue) -> None:
        self.queue = queue
        self.run_after: datetime | None = None

    def get_backend(self) -> Queue:
        return self.queue

    def using(self, *, run_after: datetime) -> "Task":
        deferred = Task(self.queue)
        deferred.run_after = run_after
        return deferred

    def enqueue(self) -> None:
        self.queue.due.append(self.run_after or START)


class Commits(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.clock = Clock()
        self.queue = Queue()
        self.task = Task(self.queue)
        self.commits: list[datetime] = []
        self.cache = FlagCache(self.clock)

    @rule(ms=st.integers(0, 2500))
    def time_passes(self, ms: int) -> None:
        self.clock.now += timedelta(milliseconds=ms)

    @rule()
    def a_commit(self) -> None:
        self.commits.append(self.clock.now)
        with (
            mock.patch.object(coalesce, "cache", self.cache),
            mock.patch("django.utils.timezone.now", return_value=self.clock.now),
        ):
            coalesce.enqueue_soon(self.task, "flag", DELAY)

    @invariant()
    def every_commit_is_read_by_a_later_run_within_the_delay(self) -> None:
        for committed in self.commits:
            assert any(
                committed <= due <= committed + timedelta(seconds=DELAY) for due in self.queue.due
            ), (committed, self.queue.due)

    @invariant()
    def runs_are_at_least_a_delay_apart(self) -> None:
        due = sorted(self.queue.due)
        assert all(b - a >= timedelta(seconds=DELAY) for a, b in itertools.pairwise(due))


TestCommits = Commits.TestCase
TestCommits.settings = settings(max_examples=200, stateful_step_count=40, deadline=None)
