"""REST API of assessment, one module per concern: ``marking`` (groups, assignments,
samples, visits and marks), ``ranking`` (rankings and questionnaires), ``assessors``
(a round's assessors compared) and ``draws`` (the committed draw), with ``scoping``, who
reads what."""

from rest_framework.routers import BaseRouter

from . import assessors, draws, marking, ranking


def register(router: BaseRouter) -> None:
    """Add the assessment endpoints to the API router."""
    marking.register(router)
    ranking.register(router)
    assessors.register(router)
    draws.register(router)
