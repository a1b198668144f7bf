"""REST API of publicity."""

from rest_framework.routers import BaseRouter


def register(router: BaseRouter) -> None:
    """Add the publicity endpoints to the API router."""
