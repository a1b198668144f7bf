"""The core app's one writer: starting a large list export in the task worker."""

from django.db import transaction

from wenming.accounts.models import User
from wenming.audit.services import audit_record

from .models import ExportJob


def export_job_create(
    *, acting_user: User, kind: str, query: str, filename: str, total_rows: int
) -> ExportJob:
    """Queue the export; the worker starts once the job is committed."""
    from .tasks import run_export  # noqa: PLC0415  (tasks import this module's models)

    with transaction.atomic():
        job = ExportJob.objects.create(
            kind=kind,
            query=query,
            filename=filename,
            total_rows=total_rows,
            created_by=acting_user,
        )
        audit_record(
            actor=acting_user,
            action="export_job.create",
            obj=job,
            after={"kind": kind, "query": query, "rows": total_rows},
        )
        transaction.on_commit(lambda: run_export.enqueue(job.pk))
    return job
