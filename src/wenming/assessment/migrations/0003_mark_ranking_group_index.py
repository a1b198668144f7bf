"""An index matching the ranking's GROUP BY (round, application, clause, method) that also
carries the points, so the mark aggregate reads the index alone, already in group order.

Raw SQL because PostgreSQL takes the points as INCLUDE (SQLite as a trailing key column);
the model state does not need to know about it.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

NAME = "mark_ranking_group"


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    table = apps.get_model("assessment", "Mark")._meta.db_table
    columns = "round_id, application_id, clause_key, method"
    if schema_editor.connection.vendor == "postgresql":
        sql = f"CREATE INDEX {NAME} ON {table} ({columns}) INCLUDE (points)"
    else:
        sql = f"CREATE INDEX {NAME} ON {table} ({columns}, points)"
    schema_editor.execute(sql)


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    schema_editor.execute(f"DROP INDEX {NAME}")


class Migration(migrations.Migration):
    dependencies = [("assessment", "0002_questionnaires_ranking")]

    operations = [migrations.RunPython(create, drop)]
