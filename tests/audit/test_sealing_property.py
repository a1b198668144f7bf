"""Properties of sealing: whatever the order of writers' commits and rollbacks and of
sealers, the sealed chain only ever grows at its end, and in the end it holds exactly the
committed events, in (transaction, number) order, and verifies.

Two drivers, both run on both databases:

- several writers, each a thread with its own connection driven one step at a time, so
  hypothesis chooses the interleaving. PostgreSQL runs their transactions at once; SQLite
  runs one write transaction at a time (BEGIN IMMEDIATE), so there a writer or sealer that
  asks for the write lock waits for the holder's transaction to end, which the driver plays
  by committing the holder first;
- one writer (RuleBasedStateMachine): transactions written in, sealed inside, committed
  (with the queue running the sealer after the commit, or not yet) or rolled back, the
  sealer and audit_verify between them, and a sealed event tampered with, which
  audit_verify must name from then on.
"""

import queue
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from tests.conftest import World

from wenming.audit.models import AuditEvent
from wenming.audit.sealing import chain_seal
from wenming.audit.services import Change, audit_record_many
from wenming.audit.verification import verify_chain

pytestmark = pytest.mark.django_db(transaction=True)
WRITERS = 3
#: The queue runs the sealer at once after each commit, or has not run it yet.
QUEUE_RUNS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
QUEUE_WAITS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
PROPERTY = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@pytest.fixture(autouse=True)
def checkpoint_dir(settings: Any, tmp_path: Path) -> None:  # pytest-django's, not hypothesis'
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"


def fresh_chain() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")  # past the ORM's guard: a fresh chain


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

        numbers: list[int] = self.run(step)
        return numbers

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
    return [int(pk) for pk in chain.values_list("id", flat=True)]


steps = st.lists(
    st.one_of(
        st.tuples(st.just("write"), st.integers(0, WRITERS - 1), st.integers(1, 3)),
        st.tuples(st.sampled_from(["commit", "rollback"]), st.integers(0, WRITERS - 1)),
        st.tuples(st.just("seal")),
    ),
    max_size=25,
)


class Writers:
    """The writers of one example and what the test knows of their events."""

    def __init__(self, serialized: bool) -> None:
        self.serialized = serialized
        self.writers = [Writer() for _ in range(WRITERS)]
        self.pending: dict[int, list[int]] = {w: [] for w in range(WRITERS)}
        self.committed: set[int] = set()

    def end(self, w: int, commit: bool) -> None:
        self.writers[w].end(commit=commit)
        if commit:
            self.committed.update(self.pending[w])
        self.pending[w] = []

    def take_turn(self, w: int | None = None) -> None:
        """SQLite: whoever holds the write lock commits before writer ``w`` (None: the
        sealer) gets it."""
        if self.serialized:
            for v, writer in enumerate(self.writers):
                if v != w and writer.atomic is not None:
                    self.end(v, commit=True)

    def stop(self) -> None:
        for writer in self.writers:
            writer.stop()


@PROPERTY
@given(program=steps, queue_runs=st.booleans())
def test_the_sealed_chain_grows_at_its_end_and_holds_every_committed_event(
    world: World, program: list[tuple[Any, ...]], queue_runs: bool
) -> None:
    fresh_chain()
    crew = Writers(serialized=connection.vendor != "postgresql")
    prefixes: list[list[int]] = []
    try:
        with override_settings(TASKS=QUEUE_RUNS if queue_runs else QUEUE_WAITS):
            for step in program:
                kind = step[0]
                if kind == "write":
                    crew.take_turn(step[1])
                    crew.pending[step[1]] += crew.writers[step[1]].write(world.east_unit, step[2])
                elif kind == "seal":
                    crew.take_turn()
                    chain_seal()
                    prefixes.append(sealed_order())
                else:
                    crew.end(step[1], commit=kind == "commit")
            for w in range(WRITERS):
                crew.end(w, commit=True)
    finally:
        crew.stop()
    chain_seal()
    final = sealed_order()
    assert set(final) == crew.committed
    assert not AuditEvent.objects.filter(hash__isnull=True).exists()
    for prefix in prefixes:  # nothing ever joined the chain below an end it had reached
        assert final[: len(prefix)] == prefix
    assert verify_chain().ok


def tag_of(event: AuditEvent) -> int:
    assert isinstance(event.after, dict)
    return int(event.after["tag"])


def tampered_message(pk: int) -> str:
    return f"审计链在事件 #{pk} 处断开：该事件内容被改动"


class OneWriter(RuleBasedStateMachine):
    """One connection writing: on SQLite every interleaving there is; on PostgreSQL too,
    with the sealer inside the writer's own transaction (the oldest one running)."""

    world: World
    #: What the examples went through, over the whole run (the test asks for each).
    seen: Counter[str]

    def __init__(self) -> None:
        super().__init__()
        fresh_chain()
        self.atomic: Any = None
        self.sealed_inside = False  # the open transaction sealed some of its events
        self.written = 0  # each event's "tag": its place among every event ever written
        self.pending: list[int] = []  # tags written in the open transaction
        self.committed: list[int] = []  # tags committed, in order
        self.rolled_back: set[int] = set()
        self.chain: list[tuple[int, str | None]] = []  # (tag, hash) sealed, as last committed
        self.tampered: int | None = None  # the number of the sealed event tampered with

    @rule(n=st.integers(1, 3))
    def write(self, n: int) -> None:
        if self.atomic is None:
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            self.sealed_inside = False
        tags = list(range(self.written, self.written + n))
        changes = [Change("test.write", self.world.east_unit, after={"tag": t}) for t in tags]
        audit_record_many(actor=None, changes=changes)
        self.pending += tags
        self.written += n

    @precondition(lambda self: self.atomic is not None)
    @rule(queue_runs=st.booleans())
    def commit(self, queue_runs: bool) -> None:
        # The sealer asked for runs on commit, or is still waiting in the queue.
        with override_settings(TASKS=QUEUE_RUNS if queue_runs else QUEUE_WAITS):
            self.atomic.__exit__(None, None, None)
        self.atomic = None
        self.committed += self.pending
        self.pending = []

    @precondition(lambda self: self.atomic is not None)
    @rule()
    def rollback(self) -> None:
        self.atomic.__exit__(RuntimeError, RuntimeError("rolled back"), None)
        self.atomic = None
        if self.sealed_inside:
            self.seen["seals rolled back"] += 1
        self.rolled_back.update(self.pending)
        self.pending = []

    @rule()
    def seal(self) -> None:
        sealed = chain_seal()  # inside the open transaction, if there is one
        if self.atomic is not None and sealed:
            self.sealed_inside = True

    @precondition(lambda self: self.atomic is None)
    @rule()
    def verify(self) -> None:
        self.check(verify_chain())

    @precondition(lambda self: self.atomic is None and self.tampered is None and self.chain)
    @rule(data=st.data())
    def tamper(self, data: st.DataObject) -> None:
        tag, _hash = data.draw(st.sampled_from(self.chain))
        pk = AuditEvent.objects.get(after__tag=tag).pk
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditevent SET object_repr = 'forged' WHERE id = %s", [pk])
        self.tampered = pk

    def check(self, result: Any) -> None:
        if self.tampered is None:
            assert result.ok, result.problems
        else:
            assert not result.ok
            assert tampered_message(self.tampered) in result.problems[0]
            self.seen["tampering named"] += 1

    def sealed_chain(self) -> list[tuple[int, str | None]]:
        chain = AuditEvent.objects.filter(hash__isnull=False).order_by("xact", "id")
        return [(tag_of(event), event.hash) for event in chain]

    @invariant()
    def the_committed_chain_only_grows_at_its_end(self) -> None:
        if self.atomic is not None:
            return  # what the open transaction sealed counts once it commits
        chain = self.sealed_chain()
        # Every event sealed stays, at its place, with its hash: sealed once.
        assert chain[: len(self.chain)] == self.chain
        self.chain = chain

    @invariant()
    def rolled_back_events_are_gone(self) -> None:
        tags = {tag_of(event) for event in AuditEvent.objects.all()}
        assert not tags & self.rolled_back

    def teardown(self) -> None:
        if self.atomic is not None:
            self.commit(queue_runs=False)
        self.check(verify_chain())  # seals what the queue has not yet
        chain = self.sealed_chain()
        assert [tag for tag, _hash in chain] == self.committed  # each once, in order
        assert chain[: len(self.chain)] == self.chain
        assert not AuditEvent.objects.filter(hash__isnull=True).exists()


def test_one_writer_s_commits_rollbacks_and_seals_keep_one_whole_chain(world: World) -> None:
    OneWriter.world, OneWriter.seen = world, Counter()
    run_state_machine_as_test(
        OneWriter, settings=settings(PROPERTY, max_examples=30, stateful_step_count=25)
    )
    assert OneWriter.seen["seals rolled back"] > 0
    assert OneWriter.seen["tampering named"] > 0
