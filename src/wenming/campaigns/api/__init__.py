"""REST API of campaigns: campaigns, eligibility, applications, quotas, recommendations.

Reads are scoped as the pages are: anyone with a role reads campaigns; an applicant sees
its own organization's applications, a recommending unit those routed to it, the running
office all of its campaign's. Writes go through the services, which check permissions,
deadlines and the state machine and write the audit event, so an action does the same
whether it arrives by page or by API.

One module per resource (``campaigns``, ``applications``, ``quotas``); ``register`` adds
them all to the project's router (``wenming.api_urls``).
"""

from rest_framework.routers import BaseRouter

from .applications import ApplicationViewSet
from .campaigns import CampaignViewSet
from .quotas import QuotaViewSet, RecommendationViewSet


def register(router: BaseRouter) -> None:
    """Add the campaign endpoints to the API router."""
    router.register("campaigns", CampaignViewSet, basename="campaign")
    router.register("applications", ApplicationViewSet, basename="application")
    router.register("quotas", QuotaViewSet, basename="quota")
    router.register("recommendations", RecommendationViewSet, basename="recommendation")
