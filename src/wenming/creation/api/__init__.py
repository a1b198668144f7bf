"""REST API of creation work under /api/creation/, scoped as the pages are
(``wenming.creation.scopes``); writes go through the same services as the pages."""

from rest_framework.routers import BaseRouter


def register(router: BaseRouter) -> None:
    """Register every part's endpoints (each under ``creation/``)."""
