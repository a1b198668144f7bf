"""REST API of assessment, one module per concern: ``marking`` (groups, assignments,
samples, visits and marks) and ``ranking`` (rankings and questionnaires), with
``scoping``, who reads what."""

from rest_framework.routers import BaseRouter

from . import marking, ranking


def register(router: BaseRouter) -> None:
    """Add the assessment endpoints to the API router."""
    marking.register(router)
    ranking.register(router)
