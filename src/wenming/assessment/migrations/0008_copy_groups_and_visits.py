"""Groups, members, visits and photos are copied to the visits app, keeping their ids.

The rows are copied with the same primary keys, so the foreign keys pointing at them
(assignment and conflict groups, conflict members) keep their values and only change
the table they point at. The shared tables' id sequences are then moved past the copied
ids (PostgreSQL), before the supervision review's groups are copied after them.
Migration 0009 then points the foreign keys at the new tables and drops the old ones
(apart, because PostgreSQL refuses to alter a table with pending row updates).
"""

from typing import Any

from django.core.management.color import no_style
from django.db import migrations

STEP_FIELDS = [
    f"{step}_{part}"
    for step in ("report", "files", "site", "feedback")
    for part in ("done", "notes")
]
VISIT_FIELDS = ["visited_on", "site_checklist", *STEP_FIELDS]
PHOTO_FIELDS = ["step", "file", "original_name", "size", "content_type", "sha256"]


def reset_sequences(schema_editor: Any, models_: list[Any]) -> None:
    """Move the id sequences past rows inserted with explicit ids."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models_):
            cursor.execute(sql)


def round_type(apps: Any) -> Any:
    content_type = apps.get_model("contenttypes", "ContentType")
    return content_type.objects.get_or_create(app_label="assessment", model="round")[0]


def copy_rows(target: Any, rows: list[dict[str, Any]], stamp: str) -> None:
    """Create ``target`` rows from ``rows`` (with their ids), then restore each row's
    ``stamp`` (auto_now fields are set on create)."""
    target.objects.bulk_create([target(**row) for row in rows])
    for row in rows:
        target.objects.filter(pk=row["id"]).update(**{stamp: row[stamp]})


def forward(apps: Any, schema_editor: Any) -> None:
    old_group = apps.get_model("assessment", "Group")
    old_member = apps.get_model("assessment", "GroupMember")
    old_visit = apps.get_model("assessment", "Visit")
    old_photo = apps.get_model("assessment", "VisitPhoto")
    assignment = apps.get_model("assessment", "Assignment")
    group = apps.get_model("visits", "Group")
    member = apps.get_model("visits", "GroupMember")
    visit = apps.get_model("visits", "Visit")
    photo = apps.get_model("visits", "VisitPhoto")
    owner_type = round_type(apps)
    group.objects.bulk_create(
        group(
            id=g.id,
            owner_type=owner_type,
            owner_id=g.round_id,
            name=g.name,
            phase=g.phase,
            home_county_id=g.home_county_id,
        )
        for g in old_group.objects.all()
    )
    member.objects.bulk_create(
        member(id=m.id, group_id=m.group_id, user_id=m.user_id, is_leader=m.is_leader)
        for m in old_member.objects.all()
    )
    visits = list(
        old_visit.objects.values(
            "id", "assignment_id", "updated_by_id", "updated_at", *VISIT_FIELDS
        )
    )
    copy_rows(
        visit,
        [{k: v for k, v in row.items() if k != "assignment_id"} for row in visits],
        "updated_at",
    )
    for row in visits:
        assignment.objects.filter(pk=row["assignment_id"]).update(visit_id=row["id"])
    photos = list(
        old_photo.objects.values("id", "visit_id", "uploaded_by_id", "uploaded_at", *PHOTO_FIELDS)
    )
    copy_rows(photo, photos, "uploaded_at")
    reset_sequences(schema_editor, [group, member, visit, photo])


def backward(apps: Any, schema_editor: Any) -> None:
    old_group = apps.get_model("assessment", "Group")
    old_member = apps.get_model("assessment", "GroupMember")
    old_visit = apps.get_model("assessment", "Visit")
    old_photo = apps.get_model("assessment", "VisitPhoto")
    assignment = apps.get_model("assessment", "Assignment")
    group = apps.get_model("visits", "Group")
    member = apps.get_model("visits", "GroupMember")
    visit = apps.get_model("visits", "Visit")
    photo = apps.get_model("visits", "VisitPhoto")
    groups = group.objects.filter(owner_type=round_type(apps))
    old_group.objects.bulk_create(
        old_group(
            id=g.id,
            round_id=g.owner_id,
            name=g.name,
            phase=g.phase,
            home_county_id=g.home_county_id,
        )
        for g in groups
    )
    old_member.objects.bulk_create(
        old_member(id=m.id, group_id=m.group_id, user_id=m.user_id, is_leader=m.is_leader)
        for m in member.objects.filter(group__in=groups)
    )
    owners = dict(assignment.objects.filter(visit__isnull=False).values_list("visit_id", "id"))
    visits = [
        row | {"assignment_id": owners[row["id"]]}
        for row in visit.objects.filter(pk__in=owners).values(
            "id", "updated_by_id", "updated_at", *VISIT_FIELDS
        )
    ]
    copy_rows(old_visit, visits, "updated_at")
    photos = list(
        photo.objects.filter(visit_id__in=owners).values(
            "id", "visit_id", "uploaded_by_id", "uploaded_at", *PHOTO_FIELDS
        )
    )
    copy_rows(old_photo, photos, "uploaded_at")
    reset_sequences(schema_editor, [old_group, old_member, old_visit, old_photo])


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0007_groups_and_visits_to_visits_app"),
    ]

    operations = [migrations.RunPython(forward, backward)]
