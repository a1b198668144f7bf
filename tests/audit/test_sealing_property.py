"""A property of sealing (PostgreSQL): whatever the interleaving of writers' commits and
rollbacks and of sealers, the sealed chain only ever grows at its end, and in the end it
holds exactly the committed events, in (transaction, number) order, and verifies.

Each writer is a thread with its own connection, driven one step at a time, so hypothesis
chooses the interleaving. SQLite runs one write transaction at a time: nothing to
interleave (the test runs in CI's PostgreSQL pass).
"""

import queue
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wenming.audit.models import AuditEvent
from wenming.audit.sealing import chain_seal
from wenming.audit.services import Change, audit_record_many
from wenming.audit.verification import verify_chain

pytestmark = pytest.mark.django_db(transaction=True)
WRITERS = 3


class Writer:
    """A thread with its own connection that runs one step at a time when told."""

    def __init__(self) -> None:
        self.steps: queue.Queue[Callable[[], Any] | None] = queue.Queue()
        self.results: queue.Queue[Any] = queue.Queue()
        self.atomic: Any = None
        self.thread = threading.Thread(target=self.loop)
        self.thread.start()

    def loop(self) -> None:
        while (step := self.steps.get()) is not None:
            try:
                self.results.put(step())
            except BaseException as error:  # handed to the test
                self.results.put(error)
        connections.close_all()

    def run(self, step: Callable[[], Any]) -> Any:
        self.steps.put(step)
        result = self.results.get(timeout=30)
        if isinstance(result, BaseException):
            raise result
        return result

    def write(self, obj: Any, n: int) -> list[int]:
        def step() -> list[int]:
            if self.atomic is None:
                self.atomic = transaction.atomic()
                self.atomic.__enter__()
            changes = [Change("test.write", obj, after={"i": i}) for i in range(n)]
            return [event.pk for event in audit_record_many(actor=None, changes=changes)]

        return self.run(step)

    def end(self, commit: bool) -> None:
        def step() -> None:
            if self.atomic is not None:
                atomic, self.atomic = self.atomic, None
                if commit:
                    atomic.__exit__(None, None, None)
                else:
                    atomic.__exit__(RuntimeError, RuntimeError("rolled back"), None)

        self.run(step)

    def stop(self) -> None:
        self.steps.put(None)
        self.thread.join()


def sealed_order() -> list[int]:
    chain = AuditEvent.objects.filter(hash__isnull=False).order_by("xact", "id")
    return list(chain.values_list("id", flat=True))


steps = st.lists(
    st.one_of(
        st.tuples(st.just("write"), st.integers(0, WRITERS - 1), st.integers(1, 3)),
        st.tuples(st.sampled_from(["commit", "rollback"]), st.integers(0, WRITERS - 1)),
        st.tuples(st.just("seal")),
    ),
    max_size=25,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(program=steps)
def test_the_sealed_chain_grows_at_its_end_and_holds_every_committed_event(world, program):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one write transaction at a time: nothing to interleave")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")  # past the ORM's guard: a fresh chain
    writers = [Writer() for _ in range(WRITERS)]
    pending: dict[int, list[int]] = {w: [] for w in range(WRITERS)}
    committed: set[int] = set()
    prefixes: list[list[int]] = []
    try:
        for step in program:
            kind = step[0]
            if kind == "write":
                pending[step[1]] += writers[step[1]].write(world.east_unit, step[2])
            elif kind == "seal":
                chain_seal()
                prefixes.append(sealed_order())
            else:
                writers[step[1]].end(commit=kind == "commit")
                if kind == "commit":
                    committed.update(pending[step[1]])
                pending[step[1]] = []
        for w, writer in enumerate(writers):
            writer.end(commit=True)
            committed.update(pending[w])
    finally:
        for writer in writers:
            writer.stop()
    chain_seal()
    final = sealed_order()
    assert set(final) == committed
    assert not AuditEvent.objects.filter(hash__isnull=True).exists()
    for prefix in prefixes:  # nothing ever joined the chain below an end it had reached
        assert final[: len(prefix)] == prefix
    assert verify_chain().ok
