"""A review's groups, members and visits are copied to the visits app.

They take new ids there (after the assessment's, copied with theirs by assessment 0008),
so each entry gets its group through a temporary ``shared_group`` column, which 0005
renames to ``group`` once the old one is gone; each entry holds its visit one-to-one.
"""

from typing import Any

from django.db import migrations

STEP_FIELDS = [
    f"{step}_{part}"
    for step in ("report", "files", "site", "feedback")
    for part in ("done", "notes")
]
VISIT_FIELDS = ["site_checklist", *STEP_FIELDS]


def review_type(apps: Any) -> Any:
    content_type = apps.get_model("contenttypes", "ContentType")
    return content_type.objects.get_or_create(app_label="supervision", model="review")[0]


def copy_visit(target: Any, source: Any, **owner: Any) -> Any:
    """A copy of the visit ``source`` as a ``target`` row, with its update time."""
    copied = target.objects.create(
        updated_by_id=source.updated_by_id, **{f: getattr(source, f) for f in VISIT_FIELDS}, **owner
    )
    target.objects.filter(pk=copied.pk).update(updated_at=source.updated_at)
    return copied


def forward(apps: Any, schema_editor: Any) -> None:
    old_group = apps.get_model("supervision", "AssessmentGroup")
    old_member = apps.get_model("supervision", "GroupMember")
    old_visit = apps.get_model("supervision", "Visit")
    entry = apps.get_model("supervision", "ReviewEntry")
    group = apps.get_model("visits", "Group")
    member = apps.get_model("visits", "GroupMember")
    visit = apps.get_model("visits", "Visit")
    owner_type = review_type(apps)
    for old in old_group.objects.order_by("id"):
        new = group.objects.create(owner_type=owner_type, owner_id=old.review_id, name=old.name)
        member.objects.bulk_create(
            member(group=new, user_id=m.user_id, is_leader=m.is_leader)
            for m in old_member.objects.filter(group=old).order_by("id")
        )
        entry.objects.filter(group_id=old.pk).update(shared_group=new)
    for old in old_visit.objects.order_by("id"):
        entry.objects.filter(pk=old.entry_id).update(visit=copy_visit(visit, old))


def backward(apps: Any, schema_editor: Any) -> None:
    old_group = apps.get_model("supervision", "AssessmentGroup")
    old_member = apps.get_model("supervision", "GroupMember")
    old_visit = apps.get_model("supervision", "Visit")
    entry = apps.get_model("supervision", "ReviewEntry")
    group = apps.get_model("visits", "Group")
    member = apps.get_model("visits", "GroupMember")
    for new in group.objects.filter(owner_type=review_type(apps)).order_by("id"):
        old = old_group.objects.create(review_id=new.owner_id, name=new.name)
        old_member.objects.bulk_create(
            old_member(group=old, user_id=m.user_id, is_leader=m.is_leader)
            for m in member.objects.filter(group=new).order_by("id")
        )
        entry.objects.filter(shared_group=new).update(group=old)
    for owner in entry.objects.filter(visit__isnull=False).select_related("visit"):
        copy_visit(old_visit, owner.visit, entry_id=owner.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0003_groups_and_visits_to_visits_app"),
        # The assessment's rows keep their ids in the shared tables: copy them first.
        ("assessment", "0008_copy_groups_and_visits"),
    ]

    operations = [migrations.RunPython(forward, backward)]
