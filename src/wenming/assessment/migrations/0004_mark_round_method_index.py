"""An index on (round, method) for the ranking's check that a round's marks use one method
only (then the lean aggregate applies): its MIN and MAX method are two index probes, not a
scan of every mark of the round.

Raw SQL like 0003, so the model state does not need to know about it.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

NAME = "mark_round_method"


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    table = apps.get_model("assessment", "Mark")._meta.db_table
    schema_editor.execute(f"CREATE INDEX {NAME} ON {table} (round_id, method)")


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    schema_editor.execute(f"DROP INDEX {NAME}")


class Migration(migrations.Migration):
    dependencies = [("assessment", "0003_mark_ranking_group_index")]

    operations = [migrations.RunPython(create, drop)]
