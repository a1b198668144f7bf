"""The audit chain: append-only, and a tampered row is named by audit_verify."""

import pytest
from django.core.management import call_command
from django.db import connection

from wenming.audit.models import AppendOnlyError, AuditEvent
from wenming.audit.sealing import chain_seal
from wenming.registry.services import organization_update


def change_names(world, cast, n: int) -> None:
    for i in range(n):
        organization_update(acting_user=cast.city, organization=world.east_unit, name=f"Name {i}")


def test_update_records_who_what_before_and_after(world, cast):
    organization_update(acting_user=cast.county, organization=world.east_unit, name="Renamed")
    event = AuditEvent.objects.for_object(world.east_unit).get()
    assert (event.action, event.actor_name) == ("organization.update", "county")
    assert event.before["name"] == "East Unit"
    assert event.after["name"] == "Renamed"


def test_update_without_change_records_nothing(world, cast):
    organization_update(acting_user=cast.county, organization=world.east_unit, name="East Unit")
    assert AuditEvent.objects.count() == 0


def test_verify_passes_on_an_intact_chain(world, cast, capsys):
    change_names(world, cast, 5)
    call_command("audit_verify")
    assert "共校验 5 条事件" in capsys.readouterr().out


@pytest.mark.parametrize("column", ["after", "actor_name", "action"])
def test_verify_names_the_tampered_row(world, cast, capsys, column):
    change_names(world, cast, 5)
    target = AuditEvent.objects.order_by("id")[2]
    value = '{"name": "forged"}' if column == "after" else "forged"
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE audit_auditevent SET {column} = %s WHERE id = %s",  # noqa: S608  (test's own column)
            [value, target.pk],
        )
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_verify")
    assert exit_info.value.code == 1
    assert f"#{target.pk}" in capsys.readouterr().err


def test_verify_names_the_row_after_a_deleted_one(world, cast, capsys):
    change_names(world, cast, 4)
    chain_seal()  # a sealed event deleted (one deleted before its sealing leaves no trace)
    events = list(AuditEvent.objects.order_by("id"))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    with pytest.raises(SystemExit):
        call_command("audit_verify")
    assert f"#{events[2].pk}" in capsys.readouterr().err


def test_events_cannot_be_changed_or_deleted_through_the_application(world, cast):
    change_names(world, cast, 1)
    event = AuditEvent.objects.get()
    event.action = "forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update(action="forged")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
