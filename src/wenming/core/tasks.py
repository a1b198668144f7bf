"""Background work of core: writing a large list export or a long document (打印全部证书,
the ranking PDF, the honor roll) with visible progress.

An export is idempotent: it writes its whole file into a temporary file and stores it
under a new random name only at the end, so a worker killed mid-way leaves no file and
the job still running; the sweep (``recovery``) queues it again and the new attempt
writes the file from the start. Its start is a compare-and-set (``claim``): a job
delivered again, already claimed by another task or done, is left as it is.
"""

import logging
import secrets
import tempfile
from pathlib import PurePath

from django.core.files import File
from django.tasks import task
from django.utils import timezone

from wenming.documents.jobs import Heartbeat, claim, pause_point
from wenming.documents.xlsx import write_xlsx

from .exports import DOCUMENTS, build_document, build_export
from .models import ExportJob, ExportStatus

log = logging.getLogger(__name__)


@task()
def run_export(job_id: int) -> None:
    job = ExportJob.objects.select_related("created_by").get(pk=job_id)
    jobs = ExportJob.objects.filter(pk=job_id)
    if not claim(jobs, status=ExportStatus.RUNNING, processed_rows=0):
        return  # delivered again, claimed by another task or done: nothing to do
    try:
        with Heartbeat(jobs):

            def progress(done: int) -> None:
                jobs.update(processed_rows=done)
                pause_point("export:progress")

            suffix = PurePath(job.filename).suffix or ".xlsx"
            with tempfile.TemporaryFile() as handle:
                # Built again as its creator: the permission and the scope are checked again.
                if job.kind in DOCUMENTS:
                    document = build_document(job.kind, job.created_by, job.query)
                    jobs.update(total_rows=document.count)
                    rows = document.write(handle, progress)
                else:
                    export = build_export(job.kind, job.created_by, job.query)
                    jobs.update(total_rows=export.count)
                    rows = write_xlsx(handle, export.sheets, progress=progress, progress_every=2000)
                handle.seek(0)
                job.file.save(f"{secrets.token_hex(16)}{suffix}", File(handle), save=False)
    except Exception:
        log.exception("export %s failed", job_id)
        jobs.update(status=ExportStatus.FAILED, finished_at=timezone.now())
        raise
    jobs.update(
        file=job.file.name,
        status=ExportStatus.DONE,
        processed_rows=rows,
        total_rows=rows,
        finished_at=timezone.now(),
    )
