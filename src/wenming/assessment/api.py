"""REST API of assessment."""

from rest_framework.routers import BaseRouter


def register(router: BaseRouter) -> None:
    """Add the assessment endpoints to the API router."""
