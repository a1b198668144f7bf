"""Concurrent writers of audit events, each on its own thread with its own connection.

PostgreSQL: writers never wait for one another; an event committed while an older
transaction is open is held back from the chain until that one ends. SQLite runs one
write transaction at a time (BEGIN IMMEDIATE): a second writer queues behind the first
instead of failing, and the chain holds the events in commit order. On both, a rollback
leaves no hole, and fifty mark saves and a ranking started at once all land in a chain that
verifies.
"""

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import close_old_connections, connection, connections, transaction
from tests.assessment.conftest import Assessment, assessment  # noqa: F401 - fixtures, reused
from tests.campaigns.conftest import campaign  # noqa: F401 - the fixture, reused
from tests.conftest import Cast, World

from wenming.accounts.models import User
from wenming.assessment import services
from wenming.assessment.models import Assignment
from wenming.assessment.sheet import sheet
from wenming.audit import verification
from wenming.audit.models import AuditEvent
from wenming.audit.sealing import chain_seal
from wenming.audit.services import audit_record
from wenming.campaigns.models import Campaign
from wenming.registry.models import Organization

SAVES = 50
#: Only a deadlock's breaker: a step that takes this long has hung (the test then fails).
HUNG = 30

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def checkpoint_dir(db: None, settings: Any, tmp_path: Path) -> None:
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"


def write(organization_pk: int, action: str) -> AuditEvent:
    organization = Organization.objects.get(pk=organization_pk)
    return audit_record(actor=None, action=action, obj=organization, after={"n": action})


@contextmanager
def held_open(work: Callable[[], object]) -> Iterator[threading.Event]:
    """Run ``work`` in a transaction on another thread and keep it open until released."""
    written, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with transaction.atomic():
                work()
                written.set()
                if not release.wait(timeout=HUNG):
                    raise TimeoutError("the transaction held open was never released")
        except BaseException as error:
            errors.append(error)
            written.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    assert written.wait(timeout=HUNG)
    try:
        yield release
    finally:
        release.set()
        thread.join()
        close_old_connections()
    assert errors == []


def events_in_chain_order() -> list[AuditEvent]:
    return list(AuditEvent.objects.order_by("xact", "id"))


def test_a_second_writer_while_the_first_is_open(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor == "postgresql":
        second_writer_commits_at_once(world.east_unit.pk, monkeypatch)
    else:
        second_writer_queues_behind_the_first(world.east_unit.pk)


def second_writer_commits_at_once(pk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """PostgreSQL: the second commits while the first is still open (had it waited for the
    first, the first would have been ended by the breaker, an error that fails the test)."""
    monkeypatch.setattr(verification, "SEAL_PATIENCE", 0.2)
    with held_open(lambda: write(pk, "first")):
        with transaction.atomic():
            write(pk, "second")
        assert list(AuditEvent.objects.values_list("action", flat=True)) == ["second"]
        # Committed, and held back from the chain by the older open transaction.
        second = AuditEvent.objects.get(action="second")
        assert not second.sealed
        result = verification.verify_chain()
        assert (result.ok, result.count, result.unsealed) == (True, 0, 1)
        # …which fails once it has waited longer than the bound.
        late = verification.verify_chain(max_unsealed_age=0)
        assert not late.ok
        assert "条审计事件超过 0 分钟仍未封存" in late.problems[0]
    chain_seal()
    assert [event.action for event in events_in_chain_order()] == ["first", "second"]
    result = verification.verify_chain()
    assert (result.ok, result.count, result.unsealed) == (True, 2, 0)


def second_writer_queues_behind_the_first(pk: int) -> None:
    """SQLite: the second writer's BEGIN IMMEDIATE waits for the first's commit instead of
    failing with "database is locked"; each commit is sealed after it, in commit order."""
    begun = threading.Event()
    errors: list[BaseException] = []

    def trace(sql: str) -> None:
        # It asks for the write lock: at BEGIN IMMEDIATE (or, were transactions deferred,
        # at its first write, with a snapshot older than the first's commit).
        if sql.startswith(("BEGIN IMMEDIATE", "INSERT")):
            begun.set()

    def second() -> None:
        try:
            connection.ensure_connection()
            raw = connection.connection
            assert isinstance(raw, sqlite3.Connection)
            # Called as SQLite starts a statement, before it waits for a lock.
            raw.set_trace_callback(trace)
            with transaction.atomic():
                write(pk, "second")
        except BaseException as error:
            errors.append(error)
        finally:
            begun.set()
            connections.close_all()

    thread = threading.Thread(target=second)
    with held_open(lambda: write(pk, "first")):
        thread.start()
        assert begun.wait(timeout=HUNG)
        # The first holds the write lock: the second is queued, nothing is committed yet.
        assert thread.is_alive()
        assert not AuditEvent.objects.exists()
    thread.join()
    assert errors == []
    first, second_event = events_in_chain_order()
    assert (first.action, second_event.action) == ("first", "second")
    # Sealed by the sealer each commit ran (no seal asked for here), the second after the first.
    assert first.sealed
    assert second_event.prev_hash == first.hash
    result = verification.verify_chain()
    assert (result.ok, result.count, result.unsealed) == (True, 2, 0)


def test_a_rolled_back_writer_leaves_no_hole_in_the_chain(world: World) -> None:
    pk = world.east_unit.pk

    def doomed() -> None:
        write(pk, "rolled-back")
        raise RuntimeError("rolled back")

    thread_errors: list[BaseException] = []

    def run() -> None:
        try:
            with transaction.atomic():
                doomed()
        except RuntimeError as error:
            thread_errors.append(error)
        finally:
            connections.close_all()

    with transaction.atomic():
        write(pk, "kept")
    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    with transaction.atomic():
        write(pk, "after")
    chain_seal()
    assert len(thread_errors) == 1
    kept, after = events_in_chain_order()
    assert (kept.action, after.action) == ("kept", "after")
    assert after.prev_hash == kept.hash  # linked straight on: nothing between them
    result = verification.verify_chain()
    assert (result.ok, result.count, result.unsealed) == (True, 2, 0)


def test_verify_passes_after_fifty_mark_saves_and_a_ranking_at_once(
    cast: Cast,
    assessment: Assessment,  # noqa: F811 - the fixture imported above
) -> None:
    """Started together: on PostgreSQL they run at once, on SQLite they queue for the write
    lock; either way none fails, and every event is sealed into a chain that verifies."""
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    assignment_pk = assessment.assignment("West Unit").pk
    framework = assessment.assignment("West Unit").application.award.framework.to_framework()
    clauses = [(key, entry.methods[0]) for key, entry in sheet(framework).items()][:SAVES]
    assessor_pk, office_pk = cast.assessor.pk, cast.city.pk
    campaign_pk = assessment.setup.campaign.pk
    barrier = threading.Barrier(SAVES + 1)
    errors: list[BaseException] = []
    lock = threading.Lock()

    def save(clause_key: str, method: str) -> None:
        user = User.objects.get(pk=assessor_pk)
        assignment = Assignment.objects.select_related(
            "application__award__framework", "application__campaign"
        ).get(pk=assignment_pk)
        barrier.wait(timeout=HUNG)
        services.mark_save(
            acting_user=user, assignment=assignment, clause_key=clause_key, method=method,
            points="1",
        )  # fmt: skip

    def rank() -> None:
        user = User.objects.get(pk=office_pk)
        ranked = Campaign.objects.get(pk=campaign_pk)
        barrier.wait(timeout=HUNG)
        services.ranking_compute(acting_user=user, campaign=ranked)

    def guarded(work: Callable[..., None], *args: str) -> Callable[[], None]:
        def run() -> None:
            try:
                work(*args)
            except BaseException as error:
                with lock:
                    errors.append(error)
            finally:
                connections.close_all()

        return run

    threads = [threading.Thread(target=guarded(save, *clause)) for clause in clauses]
    threads.append(threading.Thread(target=guarded(rank)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()
    assert errors == []
    assert AuditEvent.objects.filter(action="assessment.mark_save").count() == SAVES
    assert AuditEvent.objects.filter(action="assessment.ranking_compute").count() == 1
    call_command("audit_verify")
    assert not AuditEvent.objects.filter(hash__isnull=True).exists()
    result = verification.verify_chain()
    assert (result.ok, result.count) == (True, AuditEvent.objects.count())
