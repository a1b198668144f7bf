"""REST API of screening."""

from rest_framework.routers import BaseRouter


def register(router: BaseRouter) -> None:
    """Add the screening endpoints to the API router."""
