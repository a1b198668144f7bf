"""REST API of periodic reviews and supervision."""

from rest_framework.routers import BaseRouter


def register(router: BaseRouter) -> None:
    """Add the supervision endpoints to the API router."""
