"""Room for the copy to the visits app (0004): each entry's one-to-one ``visit`` and a
temporary ``shared_group``. The copy is a migration of its own because PostgreSQL
refuses to index a table with pending row updates in the same transaction."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0002_group_members_and_visits"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("visits", "0001_initial"),
    ]

    operations = [
        # The old visit's reverse accessor was named ``visit``: free the name for the new
        # one-to-one field (state only; nothing changes in the database).
        migrations.AlterField(
            model_name="visit",
            name="entry",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="supervision.reviewentry",
            ),
        ),
        migrations.AddField(
            model_name="reviewentry",
            name="visit",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="entry",
                to="visits.visit",
            ),
        ),
        migrations.AddField(
            model_name="reviewentry",
            name="shared_group",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="visits.group",
            ),
        ),
    ]
