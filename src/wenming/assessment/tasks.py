"""Background work of assessment: the ranking, computed by the task worker."""

from django.tasks import task

from .services.ranking_runs import ranking_run_work


@task()
def run_ranking(run_id: int) -> None:
    ranking_run_work(run_id)
