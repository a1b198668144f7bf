"""Room for the copy to the visits app (0008): each assignment's one-to-one ``visit``.
The copy is a migration of its own because PostgreSQL refuses to index a table with
pending row updates in the same transaction."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0006_ranking_versions_deductions_median"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("visits", "0001_initial"),
    ]

    operations = [
        # The old visit's reverse accessor was named ``visit``: free the name for the new
        # one-to-one field (state only; nothing changes in the database).
        migrations.AlterField(
            model_name="visit",
            name="assignment",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="assessment.assignment",
            ),
        ),
        migrations.AddField(
            model_name="assignment",
            name="visit",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="assignment",
                to="visits.visit",
            ),
        ),
    ]
