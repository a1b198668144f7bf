"""An object's workflow timeline (audit.selectors.timeline_for): the frequent marks left
out, newest first, and on PostgreSQL one scan of the partial index of the other events,
however many marks were saved (issue 14: it read every self-mark event before)."""

import pytest
from django.db import connection
from tests.factories import OrganizationFactory

from wenming.audit.models import FREQUENT_ACTIONS
from wenming.audit.selectors import _timeline, timeline_for
from wenming.audit.services import Change, audit_record, audit_record_many

pytestmark = pytest.mark.django_db


def test_the_workflow_newest_first_without_the_marks() -> None:
    organization = OrganizationFactory()
    audit_record(actor=None, action="application.start", obj=organization)
    audit_record_many(
        actor=None,
        changes=[
            Change(action, organization, None, {"n": n})
            for n in range(30)
            for action in FREQUENT_ACTIONS
        ],
    )
    audit_record(actor=None, action="application.submit", obj=organization, after={"comment": "齐"})
    other = OrganizationFactory()
    audit_record(actor=None, action="application.return", obj=other)

    events = timeline_for(organization, limit=100)

    assert [event.action for event, _label in events] == ["application.submit", "application.start"]
    assert events[0][0].after == {"comment": "齐"}
    assert [event.action for event, _ in timeline_for(organization, limit=1)] == [
        "application.submit"
    ]


def plan_on_sqlite(sql: str, params: list[str]) -> str:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def test_the_timeline_scans_the_workflow_index() -> None:
    """On PostgreSQL in a prepared statement's generic plan (as the stack runs it); on
    SQLite in its query plan."""
    organization = OrganizationFactory()
    audit_record_many(
        actor=None,
        changes=[Change("application.self_mark", organization, None, {"n": n}) for n in range(200)],
    )
    timeline_for(organization, limit=100)  # compiled here
    shape = _timeline(100).shape
    assert shape is not None
    sql = shape.sql
    if connection.vendor == "sqlite":
        plan = plan_on_sqlite(sql, [organization._meta.label_lower, str(organization.pk)])
        assert "audit_workflow" in plan, plan
        return
    for number in range(1, sql.count("%s") + 1):
        sql = sql.replace("%s", f"${number}", 1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audit_auditevent")
        # As the stack's prepared statements run it, after five executions.
        cursor.execute("SET plan_cache_mode = force_generic_plan")
        cursor.execute(f"PREPARE workflow (varchar, varchar) AS {sql}")
        try:
            # A utility statement takes no parameters: the test's own values, as text.
            label, pk = organization._meta.label_lower, int(organization.pk)
            cursor.execute(f"EXPLAIN EXECUTE workflow('{label}', '{pk}')")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("DEALLOCATE workflow")
            cursor.execute("RESET plan_cache_mode")
    assert "audit_workflow" in plan, plan
