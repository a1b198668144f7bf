"""Concurrent writers of audit events never wait for one another (PostgreSQL).

Each writer runs on its own thread with its own connection. SQLite runs one write
transaction at a time by design (BEGIN IMMEDIATE), so there is nothing to race: these tests
run in CI's PostgreSQL pass (scripts/with-postgres).
"""

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import close_old_connections, connection, connections, transaction
from tests.assessment.conftest import assessment, campaign  # noqa: F401 - fixtures, reused

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

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgresql_only(db, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one write transaction at a time: nothing to race (PostgreSQL)")
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
                release.wait(timeout=30)
        except BaseException as error:
            errors.append(error)
            written.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    assert written.wait(timeout=30)
    try:
        yield release
    finally:
        release.set()
        thread.join()
        close_old_connections()
    assert errors == []


def test_a_second_writer_commits_while_the_first_is_open(world, monkeypatch):
    monkeypatch.setattr(verification, "SEAL_PATIENCE", 0.2)
    pk = world.east_unit.pk
    with held_open(lambda: write(pk, "first")):
        started = time.monotonic()
        with transaction.atomic():
            write(pk, "second")
        waited = time.monotonic() - started
        assert waited < 1.0, f"the second writer waited {waited:.2f} s for the first"
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
    order = list(AuditEvent.objects.order_by("xact", "id").values_list("action", "prev_hash"))
    assert [action for action, _prev in order] == ["first", "second"]
    result = verification.verify_chain()
    assert (result.ok, result.count, result.unsealed) == (True, 2, 0)


def test_a_rolled_back_writer_leaves_no_hole_in_the_chain(world):
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
    assert list(AuditEvent.objects.order_by("xact", "id").values_list("action", flat=True)) == [
        "kept",
        "after",
    ]
    assert verification.verify_chain().ok


def test_verify_passes_after_fifty_mark_saves_and_a_ranking_at_once(cast, assessment):  # noqa: F811
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
        barrier.wait(timeout=60)
        services.mark_save(
            acting_user=user, assignment=assignment, clause_key=clause_key, method=method,
            points="1",
        )  # fmt: skip

    def rank() -> None:
        user = User.objects.get(pk=office_pk)
        ranked = Campaign.objects.get(pk=campaign_pk)
        barrier.wait(timeout=60)
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
