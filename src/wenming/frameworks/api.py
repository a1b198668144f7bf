"""REST API of frameworks."""

from rest_framework.routers import BaseRouter


def register(router: BaseRouter) -> None:
    """Add the framework endpoints to the API router."""
