"""Shared set-up for the material tests: a task of 办公室 for clause 4.1 with one
occurrence due 2026年10月31日, and uploads of valid photos and plain-text reports."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from tests.campaigns.photos import captions, photo_bytes, scene
from tests.creation.conftest import Creation

from wenming.accounts.models import User
from wenming.creation.models import Material, Occurrence, Task
from wenming.creation.services import material as services

DUE = date(2026, 10, 31)


def make_occurrence(creation: Creation, *, clause_key: str = "4.1", minimum: int = 0) -> Occurrence:
    task = Task.objects.create(
        plan=creation.plan,
        clause_key=clause_key,
        title="开展道德讲堂活动",
        department=creation.office,
        material_requirement="活动照片和新闻报道截图",
        due_text="2026年10月31日前",
        minimum_count=minimum,
    )
    return Occurrence.objects.create(task=task, starts_on=date(2026, 4, 1), due_on=DUE)


def photo_upload(seed: int = 1, name: str = "讲堂.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, photo_bytes(scene(seed)), content_type="image/jpeg")


def add_photo(
    creation: Creation,
    occurrence: Occurrence,
    user: User,
    *,
    seed: int = 1,
    activity: str = "道德讲堂",
) -> Material:
    return services.material_add(
        acting_user=user,
        occurrence=occurrence,
        kind="photo",
        upload=photo_upload(seed),
        activity=activity,
        captions=captions(creation.plan.organization.name),
    )
