"""The ranking in the task worker: the office's click queues a run (``ranking_run_start``),
the worker computes it (``ranking_run_work``) with its phase visible on the page.

Nothing is half-saved: ``ranking_compute`` writes in one transaction, and the run is
marked done in that same transaction, so a worker killed mid-way (kill -9) leaves the
ranking as it was and the run still running; core's sweep queues it again and the new
attempt computes the same ranking from the same marks. The run's start is a
compare-and-set (``claim``): a second delivery of a run already claimed by another task,
or done, does nothing; a run whose task the queue lost is queued again by the same sweep.
"""

import logging
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record
from wenming.campaigns.models import Campaign
from wenming.documents.jobs import Heartbeat, claim, pause_point, queue_job

from ..models import RankingRun, RankingRunStatus, RankingVersion
from .ranking import ranking_compute

log = logging.getLogger(__name__)

UNFINISHED = [RankingRunStatus.PENDING, RankingRunStatus.RUNNING]


def ranking_run_start(
    *, acting_user: User, campaign: Campaign, reason: str = ""
) -> tuple[RankingRun, bool]:
    """Queue the campaign's ranking (the worker starts once this commits) and return the
    run with True; while a run of the campaign is queued or running, that run with False.

    A frozen version needs a reason for the re-rank: refused here, before anything is
    queued, with the sentence ``ranking_compute`` would give."""
    from ..tasks import run_ranking  # noqa: PLC0415  (the task module imports this one)

    require_perm(acting_user, "campaigns.manage_campaign", campaign)
    reason = (reason or "").strip()[:500]
    with transaction.atomic():
        # One run at a time per campaign: the campaign's row serializes two clicks.
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        running = RankingRun.objects.filter(campaign=campaign, status__in=UNFINISHED).first()
        if running is not None:
            return running, False
        latest = RankingVersion.objects.filter(campaign=campaign).order_by("-number").first()
        if latest is not None and latest.frozen_at is not None and not reason:
            raise ValidationError(
                _("第 %(n)s 版排名已锁定，重新排名须说明原因。") % {"n": latest.number}
            )
        run = RankingRun.objects.create(campaign=campaign, reason=reason, created_by=acting_user)
        audit_record(
            actor=acting_user,
            action="assessment.ranking_run_start",
            obj=campaign,
            after={"run": run.pk, "reason": reason},
        )
        # Robust: should the enqueue fail, the run waits queued and the sweep queues it again.
        transaction.on_commit(
            partial(queue_job, run_ranking, RankingRun.objects.all(), run.pk), robust=True
        )
    return run, True


def ranking_run_work(run_id: int) -> None:
    """Compute the run's ranking as the office that asked for it (the task's body)."""
    rows = RankingRun.objects.filter(pk=run_id)
    run = RankingRun.objects.select_related("campaign__office", "created_by").get(pk=run_id)
    if not claim(rows, status=RankingRunStatus.RUNNING, phase="reading"):
        return  # delivered again, claimed by another task or done: nothing to do
    try:
        with Heartbeat(rows) as beat, transaction.atomic():
            # A second attempt of the same run waits here for the first to end, then
            # finds it done (a sweep that took a live worker for a dead one).
            Campaign.objects.select_for_update().filter(pk=run.campaign_id).first()
            if rows.filter(status=RankingRunStatus.DONE).exists():
                return
            done = ranking_compute(
                acting_user=run.created_by,
                campaign=run.campaign,
                reason=run.reason,
                progress=lambda phase: beat.set(phase=phase),
            )
            beat.stop()
            pause_point("ranking:written")
            rows.update(
                status=RankingRunStatus.DONE,
                phase="",
                version=done.version,
                ranked=done.ranked,
                assessed=done.assessed,
                carried=done.carried,
                finished_at=timezone.now(),
            )
    except ValidationError as error:
        # The office's own mistake (a frozen version, no reason): said on the page.
        rows.update(
            status=RankingRunStatus.FAILED,
            error=" ".join(error.messages),
            finished_at=timezone.now(),
        )
    except Exception:
        log.exception("ranking run %s failed", run_id)
        rows.update(status=RankingRunStatus.FAILED, error="", finished_at=timezone.now())
        raise
