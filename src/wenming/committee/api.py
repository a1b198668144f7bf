"""REST API of committee."""

from rest_framework.routers import BaseRouter


def register(router: BaseRouter) -> None:
    """Add the committee endpoints to the API router."""
