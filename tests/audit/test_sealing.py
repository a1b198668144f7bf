"""Sealing: events are written unchained, then sealed in order; tampering with a sealed
event (a field changed, a row deleted, moved or copied) is named by audit_verify."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from wenming.audit import sealing
from wenming.audit.models import AuditEvent
from wenming.audit.sealing import GENESIS, chain_seal
from wenming.audit.selectors import history_for
from wenming.audit.verification import verify_chain
from wenming.registry.services import organization_update


@pytest.fixture(autouse=True)
def checkpoint_dir(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"


def change_names(world, cast, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        organization_update(acting_user=cast.city, organization=world.east_unit, name=f"Name {i}")


def sealed_events() -> list[AuditEvent]:
    chain_seal()
    return list(AuditEvent.objects.order_by("xact", "id"))


def verify_fails(capsys) -> str:
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_verify")
    assert exit_info.value.code == 1
    return capsys.readouterr().err


def test_an_event_is_written_unsealed_and_shown_in_the_history(world, cast):
    change_names(world, cast, 1)
    event = AuditEvent.objects.get()
    assert (event.sealed, event.prev_hash) == (False, None)
    assert event.mac  # signed by its writer already
    (shown, label, _changes) = history_for(world.east_unit)[0]
    assert (shown.pk, label) == (event.pk, "修改组织信息")


def test_sealing_links_the_events_in_order_from_the_start(world, cast):
    change_names(world, cast, 3)
    assert chain_seal() == 3
    events = list(AuditEvent.objects.order_by("xact", "id"))
    assert [e.prev_hash for e in events] == [GENESIS, events[0].hash, events[1].hash]
    assert chain_seal() == 0  # nothing left to seal
    change_names(world, cast, 1, start=3)
    assert chain_seal() == 1
    assert AuditEvent.objects.order_by("id").last().prev_hash == events[2].hash


def test_verify_seals_first_and_counts_every_event(world, cast, capsys):
    change_names(world, cast, 4)
    call_command("audit_verify")
    assert "共校验 4 条事件" in capsys.readouterr().out
    assert not AuditEvent.objects.filter(hash__isnull=True).exists()


def test_a_sealed_event_changed_is_named(world, cast, capsys):
    change_names(world, cast, 3)
    target = sealed_events()[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET object_repr = 'forged' WHERE id = %s", [target.pk]
        )
    assert f"审计链在事件 #{target.pk} 处断开：该事件内容被改动" in verify_fails(capsys)


def test_a_sealed_event_deleted_is_named_at_the_next(world, cast, capsys):
    change_names(world, cast, 3)
    events = sealed_events()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    err = verify_fails(capsys)
    assert f"审计链在事件 #{events[2].pk} 处断开：与前一事件的链接断开" in err


def test_sealed_events_reordered_are_named(world, cast, capsys):
    change_names(world, cast, 3)
    events = sealed_events()
    # The first event moved to the end of the chain's order (its transaction id raised).
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET xact = xact + 1000000 WHERE id = %s", [events[0].pk]
        )
    assert f"审计链在事件 #{events[1].pk} 处断开" in verify_fails(capsys)


def test_a_sealed_event_copied_under_a_new_number_is_named(world, cast, capsys):
    change_names(world, cast, 2)
    original = sealed_events()[0]
    columns = "xact, mac, at, actor_id, actor_name, action, object_type, object_id, " + (
        "object_repr, before, after"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO audit_auditevent (id, {columns}) SELECT id + 100, {columns} "  # noqa: S608  (the test's own columns)
            "FROM audit_auditevent WHERE id = %s",
            [original.pk],
        )
    # The copy is sealed like any event, and its mac does not cover its number.
    assert f"审计链在事件 #{original.pk + 100} 处断开：该事件内容被改动" in verify_fails(capsys)


def test_an_unsealed_event_changed_before_its_sealing_is_named(world, cast, capsys):
    change_names(world, cast, 2)
    first = AuditEvent.objects.order_by("id").first()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'forged' WHERE id = %s", [first.pk])
    assert f"#{first.pk}" in verify_fails(capsys)


def test_a_checkpoint_signs_its_own_sealed_event(world, cast):
    change_names(world, cast, 2)
    call_command("audit_checkpoint")
    result = verify_chain()
    assert (result.ok, result.count, result.checkpoints, result.unsealed) == (True, 3, 1, 0)


def test_one_seal_is_asked_for_per_transaction(world, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        change_names(world, cast, 3)
    assert len(callbacks) == 1


def test_commits_close_together_share_one_sealer_task(db, settings):
    # A queue that can defer: the first commit enqueues the sealer a second later, and the
    # commits before it runs find it due and enqueue nothing.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    cache.clear()
    for _commit in range(5):
        sealing._enqueue()
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "wenming.audit.sealing.seal_chain"
    assert queued.run_after > queued.enqueued_at
