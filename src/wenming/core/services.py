"""The core app's one writer: starting a large list export in the task worker."""

from functools import partial

from django.db import transaction

from wenming.accounts.models import User
from wenming.audit.services import audit_record
from wenming.documents.jobs import queue_job

from .models import ExportJob, ExportStatus


def export_job_create(
    *, acting_user: User, kind: str, query: str, filename: str, total_rows: int
) -> ExportJob:
    """Queue the export; the worker starts once the job is committed. The same user's
    identical export still pending or running is returned instead of a second one."""
    from .tasks import run_export  # noqa: PLC0415  (tasks import this module's models)

    with transaction.atomic():
        running = (
            ExportJob.objects.select_for_update()
            .filter(
                created_by=acting_user,
                kind=kind,
                query=query,
                status__in=[ExportStatus.PENDING, ExportStatus.RUNNING],
            )
            .first()
        )
        if running is not None:
            return running
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
        # Robust: should the enqueue fail, the job waits queued and the sweep queues it again.
        transaction.on_commit(
            partial(queue_job, run_export, ExportJob.objects.all(), job.pk), robust=True
        )
    return job
