"""Background work of the registry: running an uploaded import with visible progress."""

import logging

from django.db.models import F
from django.tasks import task
from django.utils import timezone

from .importing import organizations_import
from .models import ImportJob, ImportStatus

log = logging.getLogger(__name__)


@task()
def run_import(job_id: int) -> None:
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    jobs = ImportJob.objects.filter(pk=job_id)

    def progress(phase: str, done: int, total: int) -> None:
        status = ImportStatus.SAVING if phase == "saving" else ImportStatus.VALIDATING
        values: dict[str, object] = {"status": status}
        if total:
            values |= {"processed_rows": done, "total_rows": total}
        jobs.update(**values)

    jobs.update(status=ImportStatus.VALIDATING)
    try:
        with job.file.open("rb") as handle:
            result = organizations_import(
                acting_user=job.created_by, source=handle, progress=progress
            )
    except Exception:
        log.exception("import %s failed", job_id)
        jobs.update(
            status=ImportStatus.FAILED,
            errors=[{"sheet": "", "row": 0, "column": "", "field": "", "message": "internal"}],
            finished_at=timezone.now(),
        )
        raise
    jobs.update(
        status=ImportStatus.DONE if result.ok else ImportStatus.FAILED,
        errors=[e.as_dict() for e in result.errors],
        created_count=result.created,
        updated_count=result.updated,
        title_count=result.titles,
        total_rows=result.rows,
        processed_rows=F("total_rows") if not result.ok else result.rows,
        finished_at=timezone.now(),
    )
