"""Assignments and conflicts point at the visits app's groups and members; the
assessment's own group, member, visit and photo tables go (data copied by 0008)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0008_copy_groups_and_visits"),
    ]

    operations = [
        migrations.AlterField(
            model_name="assignment",
            name="group",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="assignments",
                to="visits.group",
            ),
        ),
        migrations.AlterField(
            model_name="conflict",
            name="group",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="conflicts",
                to="visits.group",
            ),
        ),
        migrations.AlterField(
            model_name="conflict",
            name="member",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="conflicts",
                to="visits.groupmember",
            ),
        ),
        migrations.DeleteModel(name="VisitPhoto"),
        migrations.DeleteModel(name="Visit"),
        migrations.DeleteModel(name="GroupMember"),
        migrations.DeleteModel(name="Group"),
    ]
