"""Entries point at the visits app's groups; the review's own group, member and visit
tables go (data copied by 0004)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0004_copy_groups_and_visits"),
    ]

    operations = [
        migrations.RemoveField(model_name="reviewentry", name="group"),
        migrations.RenameField(model_name="reviewentry", old_name="shared_group", new_name="group"),
        migrations.AlterField(
            model_name="reviewentry",
            name="group",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="entries",
                to="visits.group",
                verbose_name="考核组",
            ),
        ),
        migrations.DeleteModel(name="Visit"),
        migrations.DeleteModel(name="GroupMember"),
        migrations.DeleteModel(name="AssessmentGroup"),
    ]
